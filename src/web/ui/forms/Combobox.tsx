import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import "./forms.css";

/** The value a user typed, once they stopped typing for `ms`. */
export function useDebounced<T>(value: T, ms = 200): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export interface ComboboxProps<T> {
  /** The input's id (its <label htmlFor> points here). */
  id: string;
  /** Cache key prefix for the search; the typed text is appended. */
  queryKey: readonly unknown[];
  search: (text: string, signal: AbortSignal) => Promise<T[]>;
  itemKey: (item: T) => string;
  /** The text of an item in the input once it is chosen. */
  itemText: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  onSelect: (item: T) => void;
  /** Single-value mode: the chosen item, shown in the input while not typing. */
  value?: T | null;
  /** Single-value mode: called when the user empties the input. */
  onClear?: () => void;
  placeholder?: string;
  /** What to say when nothing matches. */
  noMatches?: string;
  /** Search even when nothing is typed (shows suggestions on ArrowDown / focus click). */
  searchEmpty?: boolean;
  disabled?: boolean;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/**
 * An accessible autocomplete (the ARIA 1.2 combobox pattern with a listbox popup): type to
 * search, ArrowDown/ArrowUp to move, Enter to choose, Escape to close. Focus stays in the
 * input; the highlighted option is announced through aria-activedescendant.
 */
export function Combobox<T>(props: ComboboxProps<T>) {
  const {
    id,
    value,
    itemText,
    itemKey,
    onSelect,
    onClear,
    searchEmpty = false,
    noMatches = "Nothing matches",
  } = props;
  const listId = useId();
  const statusId = useId();
  const [text, setText] = useState(value ? itemText(value) : "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  // Follow the chosen value when it changes from outside (e.g. the form is reset).
  const valueText = value ? itemText(value) : "";
  useEffect(() => {
    if (!typed.current) setText(valueText);
  }, [valueText]);

  const q = text.trim();
  const debounced = useDebounced(q, 180);
  const enabled = open && (searchEmpty || debounced.length > 0);
  const results = useQuery({
    queryKey: [...props.queryKey, debounced],
    queryFn: ({ signal }) => props.search(debounced, signal),
    enabled,
    staleTime: 30_000,
  });
  // Only the answer to what is in the input now: suggestions for an earlier text would let
  // ArrowDown + Enter pick something the user no longer sees once the new answer arrives.
  const items = enabled && debounced === q ? (results.data ?? []) : [];
  const waiting = enabled && (results.isFetching || debounced !== q) && items.length === 0;
  const showList = open && (searchEmpty || q.length > 0);

  // A new list starts with nothing highlighted: ArrowDown goes to the first option.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the results change.
  useEffect(() => {
    setActive(-1);
  }, [results.data, enabled]);

  const choose = (item: T) => {
    typed.current = false;
    onSelect(item);
    setText(value === undefined ? "" : itemText(item));
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!open || e.altKey) {
          setOpen(true);
          return;
        }
        setActive((a) => (items.length === 0 ? -1 : (a + 1) % items.length));
        return;
      case "ArrowUp":
        e.preventDefault();
        if (!open) {
          setOpen(true);
          return;
        }
        setActive((a) => (items.length === 0 ? -1 : (a - 1 + items.length) % items.length));
        return;
      case "Enter":
        if (open && active >= 0 && items[active]) {
          e.preventDefault();
          choose(items[active]);
        } else if (open && items.length === 1 && debounced === q) {
          e.preventDefault();
          choose(items[0]!);
        } else if (open) {
          // Never submit the surrounding form from an open search.
          e.preventDefault();
        }
        return;
      case "Escape":
        if (open) {
          e.preventDefault();
          setOpen(false);
        } else if (text) {
          e.preventDefault();
          setText(valueText);
          typed.current = false;
        }
        return;
      case "Tab":
        setOpen(false);
        return;
    }
  };

  const activeItem = active >= 0 ? items[active] : undefined;
  const optionId = (item: T) => `${listId}-${itemKey(item)}`;
  const status = !showList
    ? ""
    : waiting
      ? "Searching…"
      : items.length === 0
        ? enabled && results.isError
          ? "The search failed. Try again."
          : noMatches
        : `${items.length} result${items.length === 1 ? "" : "s"}; use the up and down arrows to pick one and Enter to choose it.`;

  return (
    <div className="combobox">
      <div className="combobox-input">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && activeItem ? optionId(activeItem) : undefined}
          aria-invalid={props["aria-invalid"]}
          aria-describedby={props["aria-describedby"]}
          placeholder={props.placeholder}
          disabled={props.disabled}
          value={text}
          onChange={(e) => {
            typed.current = true;
            setText(e.target.value);
            setOpen(true);
            if (e.target.value === "" && onClear) {
              typed.current = false;
              onClear();
            }
          }}
          onKeyDown={onKeyDown}
          onClick={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            // In single-value mode, a half-typed search falls back to the chosen value.
            if (value !== undefined) {
              typed.current = false;
              setText(valueText);
            }
          }}
        />
        {value && onClear && (
          <button
            type="button"
            className="combobox-clear"
            aria-label={`Clear ${itemText(value)}`}
            onClick={() => {
              typed.current = false;
              onClear();
              setText("");
              input.current?.focus();
            }}
          >
            ×
          </button>
        )}
      </div>
      <div
        id={listId}
        role="listbox"
        className="combobox-list"
        hidden={!showList || items.length === 0}
      >
        {items.map((item, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard users choose with Enter in the input (aria-activedescendant).
          <div
            key={itemKey(item)}
            tabIndex={-1}
            id={optionId(item)}
            role="option"
            aria-selected={i === active}
            className={i === active ? "active" : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(item)}
          >
            {props.renderItem(item)}
          </div>
        ))}
      </div>
      {showList && items.length === 0 && (
        <div className="combobox-empty" aria-hidden="true">
          {status}
        </div>
      )}
      <div id={statusId} className="sr-only" role="status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}
