import { Drawer, Modal } from '@mantine/core';
import { type ReactNode, useState } from 'react';

/**
 * Every dialog of the app, centred or (`side`) sliding in from the right.
 *
 * Mantine portals a dialog to the end of <body>, outside the page's landmarks. What keeps it
 * inside one (axe's "region" rule) is the dialog itself: role="dialog" named by its title, a
 * region of its own. So a title is required, and kept while the dialog animates closed (its
 * caller often clears what the title was made from first), so it is never a nameless box of
 * content in the middle of nowhere. Its close button has a name.
 */
export function Dialog({
  opened,
  onClose,
  title,
  side = false,
  size,
  closeOnClickOutside,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string | null | undefined;
  side?: boolean;
  size?: 'sm' | 'md' | 'lg';
  closeOnClickOutside?: boolean;
  children: ReactNode;
}) {
  const [shown, setShown] = useState(title);
  if (opened && title && title !== shown) setShown(title);
  const name = (opened && title) || shown || '';
  // Mantine's close button is an icon alone: it needs words for a screen reader. Not the
  // dialog's title: "Close Deactivate …?" would answer to the dialog's own action's name.
  const closeButtonProps = { 'aria-label': 'Close dialog' };
  const props = { opened, onClose, title: name, size, closeOnClickOutside, closeButtonProps, children };
  return side ? <Drawer {...props} position="right" /> : <Modal {...props} />;
}
