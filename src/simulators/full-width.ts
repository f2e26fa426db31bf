/** ASCII digits to full-width digits (全角数字 ０-９), as typed with a Chinese input method in full-width mode. */
export function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}
