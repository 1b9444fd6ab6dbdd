import type { Metadata } from 'next';
import { registrarHistoryPage } from '../../../_components/history-page';

export const metadata: Metadata = { title: 'Section history' };

export default registrarHistoryPage('section');
