import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, isObservable, lastValueFrom, toArray, type Observable } from 'rxjs';
import ts from 'typescript';
import * as library from '../../src';
import { startConsulEmulator, type ConsulEmulator } from '../../src/testing';

// The Angular example as an app would compile it, run against stand-ins for the few
// Angular APIs it uses (Angular is not a dependency of this repository).

const PLATFORM_ID = Symbol('PLATFORM_ID');
class NgZone {
  runOutsideAngular<T>(fn: () => T): T {
    return fn();
  }
  run<T>(fn: () => T): T {
    return fn();
  }
}

interface Service {
  events$(name?: string): Observable<library.ConsulEvent>;
}

/** The example's service class, compiled, with `inject()` answering `platform` for PLATFORM_ID. */
function loadService(platform: 'browser' | 'server'): new () => Service {
  const source = readFileSync(join(__dirname, '..', '..', 'examples', 'angular', 'consul-events.service.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators: true },
  });
  const modules: Record<string, unknown> = {
    '@angular/core': {
      Injectable: () => (target: unknown) => target,
      NgZone,
      PLATFORM_ID,
      inject: (token: unknown) => (token === PLATFORM_ID ? platform : new NgZone()),
    },
    '@angular/common': { isPlatformBrowser: (id: unknown) => id === 'browser' },
    'rx-consul-events': library,
    rxjs: require('rxjs'),
  };
  const module = { exports: {} as { ConsulEventsService: new () => Service } };
  new Function('require', 'module', 'exports', outputText)((name: string) => modules[name], module, module.exports);
  return module.exports.ConsulEventsService;
}

describe('examples/angular ConsulEventsService', () => {
  let emulator: ConsulEmulator | undefined;
  afterEach(async () => {
    delete (globalThis as { location?: unknown }).location;
    await emulator?.close();
  });

  it('during server-side rendering (no location), completes at once without a request', async () => {
    expect('location' in globalThis).toBe(false);
    const ConsulEventsService = loadService('server');
    const events$ = new ConsulEventsService().events$('deploy');
    expect(isObservable(events$)).toBe(true);
    await expect(lastValueFrom(events$.pipe(toArray()))).resolves.toEqual([]);
  });

  it('in the browser, watches the page\'s origin', async () => {
    emulator = await startConsulEmulator();
    const fired = emulator.fire('deploy', 'v1');
    (globalThis as { location?: unknown }).location = { protocol: 'http:', hostname: '127.0.0.1', port: String(emulator.port) };
    const ConsulEventsService = loadService('browser');
    await expect(firstValueFrom(new ConsulEventsService().events$('deploy'))).resolves.toMatchObject({ ID: fired.ID });
  });
});
