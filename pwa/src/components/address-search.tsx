/**
 * The report flow's address field with address search: typing offers addresses in Helsinki
 * (from the City's geocoder, through `addressSuggestions`); choosing one sets the location too.
 * The text stays free: a description ("by the pond in Kaisaniemi park") is sent as written, and
 * so is any address when the search is unavailable or offline.
 *
 * Accessible as the ARIA 1.2 combobox with a list popup: arrow keys move through the options,
 * Enter chooses, Escape closes; the number of suggestions is announced.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { QueryError, runQuery } from '../graphql/client.ts';
import { AddressSuggestions } from '../graphql/operations.ts';
import { useI18n } from '../i18n/index.ts';
import { useReportText } from '../report-messages.ts';
import type { AddressSuggestion } from '../report-types.ts';
import { announce } from '../store.ts';

const MIN_CHARACTERS = 3;
const DELAY_MS = 350;
const LIST_ID = 'report-address-suggestions';

type SearchState =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'found'; items: AddressSuggestion[] }
  | { kind: 'none' }
  | { kind: 'unavailable' };

export interface AddressFieldProps {
  value: string;
  invalid: boolean;
  describedBy: string;
  /** The address the current location was looked up from, if it was. */
  chosen: string | null;
  onType: (text: string) => void;
  onChoose: (suggestion: AddressSuggestion) => void;
}

export function AddressField({ value, invalid, describedBy, chosen, onType, onChoose }: AddressFieldProps) {
  const { lang } = useI18n();
  const { r } = useReportText();
  const [state, setState] = useState<SearchState>({ kind: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useRef(false);

  useEffect(() => {
    const text = value.trim();
    // Search only what the person is typing (not a restored draft or a chosen address).
    if (!typed.current || text.length < MIN_CHARACTERS || text === chosen || navigator.onLine === false) {
      setState((s) => (s.kind === 'unavailable' ? s : { kind: 'idle' }));
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ kind: 'searching' });
      runQuery(AddressSuggestions, { text, first: 5 }, lang, controller.signal).then(
        ({ data }) => {
          const items = data.addressSuggestions;
          setState(items.length ? { kind: 'found', items } : { kind: 'none' });
          setActive(-1);
          setOpen(items.length > 0);
          announce(items.length ? r.addressSuggestionsFound(items.length) : r.addressNoMatch);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          // Refused text (too long) needs no message: the field's own check says it on Continue.
          const refused = error instanceof QueryError && error.code === 'INVALID_INPUT';
          setState(refused ? { kind: 'idle' } : { kind: 'unavailable' });
          setOpen(false);
        },
      );
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `r` follows `lang`.
  }, [value, chosen, lang]);

  const items = state.kind === 'found' ? state.items : [];
  const expanded = open && items.length > 0;

  const choose = (suggestion: AddressSuggestion) => {
    typed.current = false;
    setOpen(false);
    setActive(-1);
    setState({ kind: 'idle' });
    onChoose(suggestion);
    announce(r.locationFromAddress(suggestion.label));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && items.length) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % items.length);
    } else if (event.key === 'ArrowUp' && items.length) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (event.key === 'Enter' && expanded && active >= 0) {
      event.preventDefault();
      choose(items[active]!);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  const status =
    state.kind === 'searching'
      ? r.addressSearching
      : state.kind === 'none'
        ? r.addressNoMatch
        : state.kind === 'unavailable'
          ? r.addressSearchUnavailable
          : null;

  return (
    <div class="address-search">
      <div class="hds-text-input__input-wrapper">
        <input
          id="report-address"
          class="hds-text-input__input"
          type="text"
          role="combobox"
          autocomplete="street-address"
          aria-autocomplete="list"
          aria-expanded={expanded ? 'true' : 'false'}
          aria-controls={LIST_ID}
          aria-activedescendant={expanded && active >= 0 ? `${LIST_ID}-${active}` : undefined}
          value={value}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={`${describedBy}${status ? ' report-address-search-status' : ''}`}
          onInput={(e) => {
            typed.current = true;
            onType((e.currentTarget as HTMLInputElement).value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(items.length > 0)}
        />
      </div>
      <ul
        id={LIST_ID}
        class="address-search__list"
        role="listbox"
        aria-label={r.addressSuggestionsLabel}
        hidden={!expanded}
      >
        {items.map((item, i) => (
          <li
            key={`${item.label}-${i}`}
            id={`${LIST_ID}-${i}`}
            role="option"
            aria-selected={i === active ? 'true' : 'false'}
            class={`address-search__option${i === active ? ' address-search__option--active' : ''}`}
            // mousedown, not click: the input keeps focus and does not close the list first.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(item);
            }}
          >
            <span class="hds-icon hds-icon--location hds-icon--size-s" aria-hidden="true" />
            {item.label}
          </li>
        ))}
      </ul>
      {status ? (
        <p class="address-search__status form__help" id="report-address-search-status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
