// The widget's host element: invisible until the platform says who is signed in (or that the session ended), and
// while the extension answers on the page. The launcher and the frame bring their rules (components/host), the
// panel its own in its nested shadow root.
import { HOST_VISIBLE } from '../components/panel/host-visible';

export const WIDGET_HOST_CSS = `
:host { all: initial; ${HOST_VISIBLE} }
:host(:not([data-signed-in]):not([data-session-ended])) { display: none !important; }
:host([data-standing-down]) { display: none !important; }
`;
