import { render } from 'preact';
import './styles.css';
import { App } from './App';
import { initLanguage } from './i18n';

initLanguage();
const root = document.getElementById('app');
if (root) render(<App />, root);
