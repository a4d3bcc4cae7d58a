/** Explicit list of simulators, one per provider (the registry conformance test checks the pairing). */
import type { SimulatorDescriptor } from './types';

export const simulators: SimulatorDescriptor[] = [
  // each provider's simulator adds itself here: `vastaiSim`, `runpodSim`, …
];
