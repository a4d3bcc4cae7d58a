/** Explicit list of simulators, one per provider (the registry conformance test checks the pairing). */
import type { SimulatorDescriptor } from './types';
import { vastaiSim } from './vastai';
import { lambdaSim } from './lambda';
import { runpodSim } from './runpod';
import { ociSim } from './oci';
import { cloudflareSim } from './cloudflare';
import { neonSim } from './neon';
import { digitaloceanSim } from './digitalocean';
import { linodeSim } from './linode';
import { hetznerSim } from './hetzner';
import { azureSim } from './azure';
import { gcpSim } from './gcp';
import { awsSim } from './aws';

export const simulators: SimulatorDescriptor[] = [
  // each provider's simulator adds itself here: `vastaiSim`, `runpodSim`, …
  vastaiSim,
  lambdaSim,
  runpodSim,
  ociSim,
  cloudflareSim,
  neonSim,
  digitaloceanSim,
  linodeSim,
  hetznerSim,
  azureSim,
  gcpSim,
  awsSim,
];
