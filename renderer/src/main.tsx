import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickGateApi } from './api/pick-gate-api';
import { App } from './app/app';
import { NoTransport } from './app/no-transport';
import { applyTheme, readTheme } from './util/theme';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/pages.css';

applyTheme(document.documentElement, readTheme(window.localStorage));
const container = document.getElementById('root');
if (container !== null) {
  const api = pickGateApi(window);
  createRoot(container).render(
    <StrictMode>{api === null ? <NoTransport /> : <App api={api} />}</StrictMode>,
  );
}
