/**
 * The new-job form: an example circuit or your own OpenQASM in the editor, the backend,
 * Sampler (shots) or Estimator (observables), how many PUBs, tags; submitting runs the job
 * through the library's `Sampler` or `Estimator`. A job the runtime refuses for its program
 * gets every problem the runtime named marked in the editor.
 *
 * @module
 */
import { Estimator, Sampler, isQuantumJobsError } from '../../../src/index.js';
import type { PrimitiveResult, RuntimeJob, RuntimeService } from '../../../src/index.js';
import { CircuitEditor } from './circuit-editor.js';
import { byId, el } from './dom.js';
import { parseObservables } from './observables-text.js';
import { PRESETS, presetById } from './presets.js';
import { qasmProblemsOf } from './qasm-problems.js';

/** `Tag: message` for an error, its `_tag` when it is one of the library's. */
export function describeError(error: unknown): string {
  if (isQuantumJobsError(error)) return `${error._tag}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function positiveInteger(input: HTMLInputElement, name: string): number {
  const value = Number(input.value);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `${name} must be a whole number of at least 1, got ${JSON.stringify(input.value)}`,
    );
  }
  return value;
}

/** Tags typed as `a, b c`: split on commas and spaces, empty ones dropped. */
export function tagsOf(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).filter((t) => t !== ''))];
}

/** The form. */
export class NewJobForm {
  readonly editor: CircuitEditor;
  private readonly form = byId('submit-form', HTMLFormElement);
  private readonly preset = byId('preset', HTMLSelectElement);
  private readonly backend = byId('backend', HTMLSelectElement);
  private readonly sampler = byId('primitive-sampler', HTMLInputElement);
  private readonly estimator = byId('primitive-estimator', HTMLInputElement);
  private readonly observables = byId('observables', HTMLInputElement);
  private readonly shots = byId('shots', HTMLInputElement);
  private readonly pubs = byId('pubs', HTMLInputElement);
  private readonly tags = byId('tags', HTMLInputElement);
  private readonly submitButton = byId('submit', HTMLButtonElement);
  private readonly error = byId('submit-error', HTMLElement);
  private service: RuntimeService | undefined;

  /** `submitted` is told of each job the runtime accepted. */
  constructor(private readonly submitted: (job: RuntimeJob<PrimitiveResult>) => void) {
    this.editor = new CircuitEditor(byId('qasm', HTMLTextAreaElement));
    this.editor.element.after(this.editor.problemsElement);
    this.preset.replaceChildren(...PRESETS.map((p) => el('option', { value: p.id }, p.label)));
    this.applyPreset(PRESETS[0]!.id);
    this.preset.addEventListener('change', () => this.applyPreset(this.preset.value));
    const primitiveChanged = (): void => {
      this.observables.disabled = !this.estimator.checked;
      this.shots.disabled = this.estimator.checked;
    };
    this.sampler.addEventListener('change', primitiveChanged);
    this.estimator.addEventListener('change', primitiveChanged);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  /** Submit to `service` (undefined: not connected) on the backends `names`. */
  connect(service: RuntimeService | undefined, names: readonly string[]): void {
    this.service = service;
    this.backend.replaceChildren(...names.map((n) => el('option', { value: n }, n)));
    this.submitButton.disabled = service === undefined;
  }

  private applyPreset(id: string): void {
    const preset = presetById(id);
    if (preset === undefined) return;
    this.editor.value = preset.qasm;
    this.observables.value = preset.observables;
    this.pubs.value = String(preset.pubs);
  }

  private showError(text: string | undefined): void {
    this.error.hidden = text === undefined;
    this.error.textContent = text ?? '';
  }

  private async submit(): Promise<void> {
    const service = this.service;
    if (service === undefined) return;
    this.showError(undefined);
    this.editor.showProblems([]);
    this.submitButton.disabled = true;
    try {
      const qasm = this.editor.value;
      const backend = this.backend.value;
      const pubs = positiveInteger(this.pubs, 'PUBs');
      const tags = tagsOf(this.tags.value);
      const options = tags.length > 0 ? { jobTags: tags } : {};
      if (this.estimator.checked) {
        const observables = parseObservables(this.observables.value);
        const estimator = new Estimator({ backend, service, options });
        const job = await estimator.run(
          Array.from({ length: pubs }, () => [qasm, observables] as const),
        );
        this.submitted(job);
      } else {
        const shots = positiveInteger(this.shots, 'Shots');
        const sampler = new Sampler({ backend, service, options });
        const job = await sampler.run(
          Array.from({ length: pubs }, () => [qasm] as const),
          { shots },
        );
        this.submitted(job);
      }
    } catch (error) {
      const problems = qasmProblemsOf(error);
      if (problems.length > 0) {
        this.editor.showProblems(problems);
        this.showError(
          `The runtime refused the job: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} in the circuit, marked above.`,
        );
      } else {
        this.showError(describeError(error));
      }
    } finally {
      this.submitButton.disabled = this.service === undefined;
    }
  }
}
