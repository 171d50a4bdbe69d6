import { useId, type ReactNode } from 'react';

/** The id and description link a field's control must carry. */
export interface FieldControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
}

/** A labelled form control with an optional hint that describes (but does not name) it. */
export function Field({
  label,
  hint,
  className,
  children,
}: {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly className?: string;
  children(control: FieldControlProps): ReactNode;
}): ReactNode {
  const id = useId();
  const hintId = useId();
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {children(hint === undefined ? { id } : { id, 'aria-describedby': hintId })}
      {hint !== undefined && <small id={hintId}>{hint}</small>}
    </div>
  );
}
