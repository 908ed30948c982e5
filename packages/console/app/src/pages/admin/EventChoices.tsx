import type { EventType } from '@deskwire/wire';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';

/** The event filter of an endpoint as checkboxes in a fieldset; none checked means every event type. */
export function EventChoices({
  legend,
  idPrefix,
  chosen,
  onChange,
}: {
  legend: string;
  idPrefix: string;
  chosen: readonly EventType[];
  onChange: (next: EventType[]) => void;
}) {
  return (
    <fieldset className="event-choices">
      <legend>{legend}</legend>
      <p className="muted small">None checked: every event type.</p>
      {WEBHOOK_EVENT_TYPES.map((type) => (
        <div key={type} className="checkbox">
          <input
            id={`${idPrefix}-${type}`}
            type="checkbox"
            checked={chosen.includes(type)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? WEBHOOK_EVENT_TYPES.filter((t) => t === type || chosen.includes(t))
                  : chosen.filter((t) => t !== type),
              )
            }
          />
          <label htmlFor={`${idPrefix}-${type}`}>{type}</label>
        </div>
      ))}
    </fieldset>
  );
}
