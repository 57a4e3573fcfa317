import { render } from 'preact';
import { App } from './app';
import { createExtensionTransport } from './popup-transport';

render(<App transport={createExtensionTransport()} />, document.getElementById('app')!);
