import { useEffect } from 'preact/hooks';
import { navigate } from '../../router';
import { getFlow, misplaced, type Flow, type Step } from './flow';

/** The sign-up in progress when it has what step needs; else null, and the page
 * moves to the step the person belongs at. */
export function useFlowAt(step: Step): Flow | null {
  const flow = getFlow();
  const to = misplaced(flow, step);
  useEffect(() => {
    if (to) navigate(to, { replace: true });
  }, [to]);
  return to ? null : flow;
}
