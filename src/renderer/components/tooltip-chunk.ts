/**
 * Mantine's Tooltip on its own, for LazyTooltip to load on first hover: the Tooltip brings
 * floating-ui (~45 KB), which the first paint has no use for. Like every lazily loaded module it
 * brings the whole stylesheet (see theme/first-paint-styles.ts).
 */
import '../theme/all-styles';

export { Tooltip } from '@mantine/core';
