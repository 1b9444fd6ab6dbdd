import type { Metadata } from 'next';
import { registrarHistoryPage } from '../../../_components/history-page';

export const metadata: Metadata = { title: 'Student history' };

export default registrarHistoryPage('student');
