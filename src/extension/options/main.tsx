import { render } from 'preact';
import { OptionsApp } from './options-app';
import { createExtensionOptionsBackend } from './options-backend';

render(<OptionsApp backend={createExtensionOptionsBackend()} />, document.getElementById('app')!);
