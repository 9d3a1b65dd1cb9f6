import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDriver, type CodeServer, type CodeServerDriver } from './workbench';

/**
 * startCodeServer's installExtensions when a .vsix cannot be installed. (A good one is installed by the panel suite,
 * which then runs against it.) Only code-server's CLI runs here: no server, no browser.
 */
describe('startCodeServer({ installExtensions })', function () {
  this.timeout(120_000);
  let driver: CodeServerDriver;
  let scratch: string;
  let savedTmp: string | undefined;

  before(async () => {
    driver = await loadDriver();
  });

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-install-'));
    // The driver makes its instance folder in os.tmpdir(): point that at our scratch folder to see what it leaves.
    savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = path.join(scratch, 'tmp');
    fs.mkdirSync(process.env.TMPDIR);
  });

  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** The error startCodeServer fails with; a server that starts after all is stopped before the test fails. */
  async function startFailure(vsix: string): Promise<Error> {
    let server: CodeServer;
    try {
      server = await driver.startCodeServer({ installExtensions: [vsix] });
    } catch (err) {
      return err as Error;
    }
    await server.stop();
    throw new Error(`code-server started although ${vsix} cannot be installed`);
  }

  it('fails with code-server\'s reason when a .vsix does not install, and leaves no instance folder behind', async () => {
    const broken = path.join(scratch, 'broken.vsix');
    fs.writeFileSync(broken, 'not a zip archive');
    const err = await startFailure(broken);
    assert.match(err.message, /--install-extension .*broken\.vsix failed/);
    assert.match(err.message, /central directory/i, 'code-server says why');
    assert.deepEqual(fs.readdirSync(path.join(scratch, 'tmp')), []);
  });

  it('rejects a .vsix path that does not exist before running anything', async () => {
    const err = await startFailure(path.join(scratch, 'missing.vsix'));
    assert.match(err.message, /missing\.vsix does not exist/);
    assert.deepEqual(fs.readdirSync(path.join(scratch, 'tmp')), []);
  });
});
