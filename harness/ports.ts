import type { Ports } from '../src/ports/index.js';
import { systemPorts } from '../src/wiring/ports.js';

/** The real ports for a test, with the test's environment (its HOME, its tokens). */
export function testPorts(env: Readonly<Record<string, string | undefined>>, overrides: Partial<Ports> = {}): Ports {
  return { ...systemPorts({ env }), ...overrides };
}
