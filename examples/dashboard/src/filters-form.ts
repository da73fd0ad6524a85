/**
 * The filter controls above the jobs list, read into {@link ListFilters} and set from them
 * (so a reload or the browser's Back button puts them back as they were).
 *
 * @module
 */
import { el } from './dom.js';
import { STATUS_FILTERS, isDay } from './view-state.js';
import type { ListFilters, StatusFilter } from './view-state.js';

/** The controls. */
export interface FilterControls {
  readonly status: HTMLSelectElement;
  readonly program: HTMLSelectElement;
  readonly backend: HTMLSelectElement;
  readonly tag: HTMLInputElement;
  readonly from: HTMLInputElement;
  readonly to: HTMLInputElement;
}

/** The filters the controls are set to. */
export function readFilters(c: FilterControls): ListFilters {
  const text = (input: HTMLInputElement | HTMLSelectElement): string | undefined => {
    const v = input.value.trim();
    return v === '' ? undefined : v;
  };
  const status = c.status.value as StatusFilter;
  const from = text(c.from);
  const to = text(c.to);
  const program = text(c.program);
  const backend = text(c.backend);
  const tag = text(c.tag);
  return {
    status: STATUS_FILTERS.includes(status) ? status : 'any',
    ...(program !== undefined ? { program } : {}),
    ...(backend !== undefined ? { backend } : {}),
    ...(tag !== undefined ? { tag } : {}),
    ...(from !== undefined && isDay(from) ? { from } : {}),
    ...(to !== undefined && isDay(to) ? { to } : {}),
  };
}

/** Make sure `select` offers `value` (a program or backend named in the address, say). */
function offer(select: HTMLSelectElement, value: string | undefined): void {
  if (value === undefined) return;
  if (!Array.from(select.options).some((o) => o.value === value)) {
    select.append(el('option', { value }, value));
  }
}

/** Set the controls to `filters`. */
export function writeFilters(c: FilterControls, filters: ListFilters): void {
  c.status.value = filters.status;
  offer(c.program, filters.program);
  offer(c.backend, filters.backend);
  c.program.value = filters.program ?? '';
  c.backend.value = filters.backend ?? '';
  c.tag.value = filters.tag ?? '';
  c.from.value = filters.from ?? '';
  c.to.value = filters.to ?? '';
}

/** Offer `names` in the backend control (keeping the one chosen). */
export function offerBackends(c: FilterControls, names: readonly string[]): void {
  const chosen = c.backend.value;
  c.backend.replaceChildren(
    el('option', { value: '' }, 'Any'),
    ...names.map((n) => el('option', { value: n }, n)),
  );
  offer(c.backend, chosen === '' ? undefined : chosen);
  c.backend.value = chosen;
}

/** True when some filter is set. */
export function isFiltered(filters: ListFilters): boolean {
  return (
    filters.status !== 'any' ||
    filters.program !== undefined ||
    filters.backend !== undefined ||
    filters.tag !== undefined ||
    filters.from !== undefined ||
    filters.to !== undefined
  );
}
