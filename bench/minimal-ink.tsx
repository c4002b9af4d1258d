// The start-up benchmark's baseline: the least an Ink app can do, one line drawn and gone.
import { Text, render } from 'ink';

render(<Text>minimal ink app</Text>).unmount();
