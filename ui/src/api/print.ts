import type { PrintReport } from '@/bindings/PrintReport';
import { call } from './command';

/** 《住户投诉意见表》 of one complaint; `null` when the save dialog was cancelled. */
export function printForm(id: number): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_form', { id });
}

/** 投诉受理回执 (A5) of one complaint; `null` when the save dialog was cancelled. */
export function printReceipt(id: number): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_receipt', { id });
}

/** 《催办通知单》 for a complaint whose handling is overdue (recorded in its timeline); `null` when the save dialog was cancelled. */
export function printUrgeNotice(id: number): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_urge_notice', { id });
}

/** The blank 《住户投诉意见表》, filled in by hand while the desk is down; `null` when the save dialog was cancelled. */
export function printBlankForm(): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_blank_form');
}

/** 《投诉档案移交清单》 of a recorded hand-over, printed (again); `null` when the save dialog was cancelled. */
export function printHandover(id: number): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_handover', { id });
}

/** 处置记录表 of the complaints received `from..=to` (`YYYY-MM-DD`). */
export function printRegister(from: string, to: string): Promise<PrintReport | null> {
  return call<PrintReport | null>('print_register', { from, to });
}

/** Opens a printed file in the system viewer. */
export function openPrinted(path: string): Promise<void> {
  return call<void>('open_printed', { path });
}
