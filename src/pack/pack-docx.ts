import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { translator } from '../../handlers/i18n.js';
import type { Pack, PackDeadline, PackProject } from './pack.js';

/** The pack as a Word document (docx library): A4 portrait, 2 cm margins, Chinese fonts, tables whose header repeats on every page. */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// Twentieths of a point: A4 is 11906 × 16838; 2 cm margins leave 9638 for the text.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
const TEXT_WIDTH = A4.width - 2 * MARGIN;
// The clause column fits 三（二）1（2）4） on one line.
const DEADLINE_COLUMNS = [1700, 2700, 2038, 1200, 2000];
const ITEM_COLUMNS = [600, 700, 3738, 900, 1700, 2000];

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体' };
/** ☐ and ☑ are not in 宋体; Segoe UI Symbol has them on Windows, other systems fall back to a font that does. */
const SYMBOL_FONT = { ascii: 'Segoe UI Symbol', hAnsi: 'Segoe UI Symbol', eastAsia: 'Segoe UI Symbol' };
const HEADER_FILL = 'E7E6E6';

export async function packDocx(pack: Pack): Promise<Buffer> {
  const t = translator(pack.lang);
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(t('pack.doc.title', { society: pack.society }))] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun(t('pack.doc.subtitle', { guide: pack.guideTitle, date: pack.generatedDate }))],
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(t('pack.doc.deadlines'))] }),
    ...(pack.deadlines.length ? [deadlineTable(pack, pack.deadlines)] : [new Paragraph(t('pack.doc.noDeadlines'))]),
    new Paragraph({ spacing: { before: 200 }, children: [new TextRun(t('pack.doc.legend'))] }),
  ];
  pack.projects.forEach((project, i) => children.push(...projectPart(pack, project, i + 1)));
  const { address, contacts } = pack;
  children.push(
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(t('pack.doc.address', { clause: address.clause }))] }),
    new Paragraph(address.text),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(t('pack.doc.contacts', { clause: contacts.clause }))] }),
    ...contacts.people.map((p) => new Paragraph(t('pack.doc.person', p))),
  );
  const [pageBefore, pageAfter] = t('pack.doc.page').split('{page}');
  const doc = new Document({
    creator: 'shenbao',
    title: t('pack.doc.title', { society: pack.society }),
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 21 }, paragraph: { spacing: { line: 300 } } },
        title: { run: { font: HEADING_FONT, size: 36, bold: true, color: '000000' } },
        heading1: { run: { font: HEADING_FONT, size: 28, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: HEADING_FONT, size: 24, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [pageBefore ?? '', PageNumber.CURRENT, pageAfter ?? ''], size: 18 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function projectPart(pack: Pack, project: PackProject, n: number): Array<Paragraph | Table> {
  const t = translator(pack.lang);
  const heading = new Paragraph({
    heading: HeadingLevel.HEADING_2,
    keepNext: true,
    children: [new TextRun(t('pack.doc.project', { n, name: project.name, clause: project.clause }))],
  });
  if (!project.items.length) return [heading, new Paragraph(t('pack.doc.noItems'))];
  const header = [
    t('pack.col.check'),
    t('pack.col.phase'),
    t('pack.col.item'),
    t('pack.col.state'),
    `${t('pack.col.who')}／${t('pack.col.when')}`,
    t('pack.col.clause'),
  ];
  const rows = project.items.map(
    (item) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(ITEM_COLUMNS[0]!, [
            new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: item.glyph, font: SYMBOL_FONT, size: 24 })] }),
          ]),
          textCell(ITEM_COLUMNS[1]!, item.phaseLabel),
          textCell(ITEM_COLUMNS[2]!, item.text),
          textCell(ITEM_COLUMNS[3]!, item.stateLabel),
          cell(ITEM_COLUMNS[4]!, [
            new Paragraph(item.by ?? ''),
            ...(item.when ? [new Paragraph({ children: [new TextRun({ text: item.when, size: 18 })] })] : []),
          ]),
          textCell(ITEM_COLUMNS[5]!, item.clause),
        ],
      }),
  );
  const { done, todo, na } = project.counts;
  return [heading, new Paragraph({ keepNext: true, children: [new TextRun(t('pack.doc.progress', { done, todo, na }))] }), table(ITEM_COLUMNS, header, rows)];
}

function deadlineTable(pack: Pack, list: PackDeadline[]): Table {
  const t = translator(pack.lang);
  const names = new Map(pack.projects.map((p) => [p.id, p.name]));
  const header = [t('pack.col.deadline'), t('pack.col.event'), t('pack.col.projects'), t('pack.col.left'), t('pack.col.clause')];
  const rows = list.map(
    (d) =>
      new TableRow({
        cantSplit: true,
        children: [
          textCell(DEADLINE_COLUMNS[0]!, d.atText),
          textCell(DEADLINE_COLUMNS[1]!, d.label),
          textCell(DEADLINE_COLUMNS[2]!, d.projects.map((id) => names.get(id) ?? id).join(t('sep.list'))),
          textCell(DEADLINE_COLUMNS[3]!, d.status),
          textCell(DEADLINE_COLUMNS[4]!, d.clause),
        ],
      }),
  );
  return table(DEADLINE_COLUMNS, header, rows);
}

function table(widths: number[], header: string[], rows: TableRow[]): Table {
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: header.map((text, i) =>
      cell(widths[i]!, [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: true })] })], HEADER_FILL),
    ),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [head, ...rows],
  });
}

function textCell(width: number, text: string): TableCell {
  return cell(width, [new Paragraph(text)]);
}

function cell(width: number, children: Paragraph[], fill?: string): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(fill && { shading: { fill, type: ShadingType.CLEAR, color: 'auto' } }),
    children,
  });
}
