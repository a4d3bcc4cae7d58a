/**
 * Mantine's CSS for what the window's first paint shows (the shell, the Offers toolbar, grouped
 * rows and table), not all of Mantine: the whole stylesheet is ~290 KB, and parsing it and matching
 * its rules held the first paint back (~30 ms of a cold load's main thread). The rest comes with
 * the code that needs it (all-styles.ts, imported by every lazily loaded view).
 *
 * The `.layer` files put Mantine's rules in `@layer mantine`, so this subset and the whole
 * stylesheet loaded after it cascade exactly as the whole stylesheet alone (each rule's last copy
 * is in the whole one, in Mantine's order), and the app's own CSS modules, outside any layer, win
 * over Mantine's whatever the order the files arrive in.
 *
 * In the order of @mantine/core/styles.css; a component's dependencies (UnstyledButton under
 * Button, Input under TextInput and NativeSelect, Text under Anchor, Combobox for NativeSelect's
 * chevron) are here with it. test/unit/renderer/first-paint-styles.test.ts checks this list
 * against the components the first paint's modules import.
 */
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import '@mantine/core/styles/UnstyledButton.layer.css';
import '@mantine/core/styles/VisuallyHidden.layer.css';
import '@mantine/core/styles/Paper.layer.css';
import '@mantine/core/styles/Popover.layer.css';
import '@mantine/core/styles/Loader.layer.css';
import '@mantine/core/styles/CloseButton.layer.css';
import '@mantine/core/styles/Group.layer.css';
import '@mantine/core/styles/Input.layer.css';
import '@mantine/core/styles/Flex.layer.css';
import '@mantine/core/styles/Alert.layer.css';
import '@mantine/core/styles/Text.layer.css';
import '@mantine/core/styles/Anchor.layer.css';
import '@mantine/core/styles/Combobox.layer.css';
import '@mantine/core/styles/InlineInput.layer.css';
import '@mantine/core/styles/Badge.layer.css';
import '@mantine/core/styles/Button.layer.css';
import '@mantine/core/styles/Center.layer.css';
import '@mantine/core/styles/Indicator.layer.css';
import '@mantine/core/styles/Kbd.layer.css';
import '@mantine/core/styles/Tooltip.layer.css';
import '@mantine/core/styles/Stack.layer.css';
import '@mantine/core/styles/Switch.layer.css';
import '@mantine/core/styles/Tabs.layer.css';
import '@mantine/core/styles/Title.layer.css';
