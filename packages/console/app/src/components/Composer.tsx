import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiCallError } from '../api/http-client.js';

/**
 * Reply to the customer (by email, through the replies endpoint) or add an internal note: one text box,
 * two clearly different actions, so a note is never mailed by mistake.
 */
export function Composer(props: {
  canReply: boolean;
  onReply: (text: string) => Promise<void>;
  onNote: (text: string) => Promise<void>;
  /** Whether the agent is writing: the text box has the focus or holds a draft (ticket presence). */
  onWritingChange?: (writing: boolean) => void;
}) {
  const id = useId();
  const [mode, setMode] = useState<'reply' | 'note'>(props.canReply ? 'reply' : 'note');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | undefined>();
  const [focused, setFocused] = useState(false);
  const writing = focused || text.trim() !== '';
  const { onWritingChange } = props;
  useEffect(() => onWritingChange?.(writing), [onWritingChange, writing]);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (text.trim() === '') return setMessage({ kind: 'error', text: 'Write something first.' });
    setBusy(true);
    setMessage(undefined);
    try {
      await (mode === 'reply' ? props.onReply(text) : props.onNote(text));
      setText('');
      setMessage({ kind: 'done', text: mode === 'reply' ? 'Reply queued for sending.' : 'Note added.' });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof ApiCallError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={`composer composer-${mode}`} onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{mode === 'reply' ? 'Reply to the customer' : 'Internal note'}</h2>
      <fieldset className="composer-mode">
        <legend className="sr-only">Kind of message</legend>
        {props.canReply && (
          <label className="inline">
            <input type="radio" name={`${id}-mode`} checked={mode === 'reply'} onChange={() => setMode('reply')} />{' '}
            Email reply
          </label>
        )}
        <label className="inline">
          <input type="radio" name={`${id}-mode`} checked={mode === 'note'} onChange={() => setMode('note')} /> Internal
          note (agents only)
        </label>
      </fieldset>
      <label htmlFor={`${id}-text`}>{mode === 'reply' ? 'Message' : 'Note'}</label>
      <textarea
        id={`${id}-text`}
        rows={5}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      {message !== undefined && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          className={message.kind === 'error' ? 'error' : 'notice'}
        >
          {message.text}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {mode === 'reply' ? 'Send reply' : 'Add note'}
      </button>
    </form>
  );
}
