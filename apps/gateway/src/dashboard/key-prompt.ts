import { ApiError, storedKey, storeKey, type Api } from './api';
import { byId } from './dom';

/**
 * Asks for the admin key when the plane answers 401. The key is kept for this tab only
 * (sessionStorage) and sent as `Authorization: Bearer`; "forget key" drops it. A key is tried
 * once against the API before the page goes on, so a wrong one is said at once.
 */
export class KeyPrompt {
  private readonly dialog = byId('key-prompt');
  private readonly form = byId<HTMLFormElement>('key-form');
  private readonly input = byId<HTMLInputElement>('admin-key');
  private readonly message = byId('key-message');
  private readonly forget = byId<HTMLButtonElement>('forget-key');
  private waiting = false;

  constructor(
    private readonly api: Api,
    /** Called once a key was accepted. */
    private readonly onUnlocked: () => void,
  ) {
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.tryKey();
    });
    this.forget.addEventListener('click', () => {
      storeKey(undefined);
      this.show('The key is forgotten; enter it again to go on.');
    });
    this.forget.hidden = storedKey() === undefined;
  }

  /** True while the page waits for a key. */
  get open(): boolean {
    return this.waiting;
  }

  /** Shows the prompt (with `note`, e.g. why). */
  show(note = 'This gateway asks for its admin key.'): void {
    this.waiting = true;
    this.dialog.hidden = false;
    this.message.textContent = note;
    this.message.className = '';
    this.forget.hidden = true;
    this.input.focus();
  }

  private async tryKey(): Promise<void> {
    const key = this.input.value.trim();
    if (key === '') return;
    storeKey(key);
    try {
      await this.api.get('statistics/v1/pipelines');
    } catch (err) {
      storeKey(undefined);
      this.message.className = 'error';
      this.message.textContent =
        err instanceof ApiError && err.status === 401
          ? 'The gateway refused this key.'
          : `The key could not be checked: ${err instanceof Error ? err.message : String(err)}`;
      this.waiting = true;
      return;
    }
    this.input.value = '';
    this.waiting = false;
    this.dialog.hidden = true;
    this.forget.hidden = false;
    this.onUnlocked();
  }
}
