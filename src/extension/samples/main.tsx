import { render } from 'preact';
import { SamplesApp } from './samples-app';
import { sampleStore } from './sample-store';

render(<SamplesApp backend={sampleStore()} />, document.getElementById('app')!);
