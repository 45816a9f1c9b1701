// The panel's one shadow-root stylesheet: the shared rules, then each registered view's own.
import { VIEWS_CSS } from '../views';
import { PANEL_CSS } from './styles';

export const PANEL_STYLESHEET = `${PANEL_CSS}${VIEWS_CSS}`;
