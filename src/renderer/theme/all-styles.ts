/**
 * All of Mantine's CSS (in `@layer mantine`, see first-paint-styles.ts): imported by every view and
 * panel that is loaded after the first paint, so its chunk does not resolve before the styles of
 * whatever Mantine component it renders are in.
 */
import '@mantine/core/styles.layer.css';
