// The host permission / content-script match pattern for the platform origin in the browser this build targets
// (Chrome matches ports, Firefox refuses them: see originPattern).
import { originPattern } from '../../core/messaging/settings';

export function hostPattern(origin: string): string {
  return originPattern(origin, { portInPattern: !import.meta.env.FIREFOX });
}
