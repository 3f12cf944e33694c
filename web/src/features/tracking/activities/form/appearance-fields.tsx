import { ACTIVITY_COLORS, ACTIVITY_ICON_NAMES, ACTIVITY_ICONS, type ActivityIcon } from '../../../../api/appearance.ts';
import { FieldSet } from '../../../../components/ui.tsx';
import { capitalize } from '../../../../lib/format.ts';
import type { SectionProps } from './activity-form-state.ts';

/** The activity's colour and icon: radio groups over the fixed sets the API accepts. */
export function AppearanceFields({ form, set, error }: SectionProps) {
  return (
    <div className="form-row form-row--appearance">
      <FieldSet legend="Colour" error={error('color')}>
        <div className="swatches">
          {ACTIVITY_COLORS.map((color) => (
            <label key={color} className={`swatch act-color--${color}`} title={capitalize(color)}>
              <input type="radio" name="color" value={color} checked={form.color === color} onChange={() => set('color', color)} />
              <span className="sr-only">{capitalize(color)}</span>
            </label>
          ))}
        </div>
      </FieldSet>
      <FieldSet legend="Icon" error={error('icon')}>
        <div className="icon-picks">
          {([null, ...ACTIVITY_ICON_NAMES] as Array<ActivityIcon | null>).map((icon) => (
            <label key={icon ?? 'none'} className="icon-pick" title={icon ?? 'No icon'}>
              <input type="radio" name="icon" value={icon ?? ''} checked={form.icon === icon} onChange={() => set('icon', icon)} />
              <span aria-hidden="true">{icon ? ACTIVITY_ICONS[icon] : '–'}</span>
              <span className="sr-only">{icon ?? 'No icon'}</span>
            </label>
          ))}
        </div>
      </FieldSet>
    </div>
  );
}
