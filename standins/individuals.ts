// A local State Database of Individuals (ГБД ФЛ) for the embedded default. Every valid IIN has a
// person: a plausible, always-the-same record whose birth date and gender are the ones the IIN
// encodes, so profile screens and documents look real without any real personal data.
//   GET /api/persons/:iin   200 person | 400 not 12 digits | 404 no such person (invalid IIN)
//   PUT /api/persons/:iin   store a specific record for this IIN (demo data, tests)
//   GET /api/lookups        who was looked up and when (the real register audits look-ups too)
import { createHash } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import type { Person } from '../adapters/individuals';
import { iinBirthDateAndGender, isValidIin, type Gender } from '../domain/iin';
import { Journal } from './journal';
import { closeServer, httpUrl, jsonErrors, listen } from './listen';

interface Lookup {
  iin: string;
  at: string;
  found: boolean;
}

const personSchema = z.object({
  surname: z.string().min(1),
  givenName: z.string().min(1),
  patronymic: z.string().min(1).nullable(),
  citizenship: z.string().regex(/^[A-Z]{2}$/),
  registeredAddress: z.string().min(1),
});

export async function startIndividualsStandIn(opts: { host?: string; port: number; dataDir?: string }): Promise<{ url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const stored = Journal.open<Person>(opts.dataDir, 'persons.jsonl');
  const lookups = Journal.open<Lookup>(opts.dataDir, 'lookups.jsonl');

  // The latest stored record for an IIN wins over the generated one.
  const storedPerson = (iin: string) => [...stored.all].reverse().find((p) => p.iin === iin);

  const app = express();
  app.use(express.json({ limit: '16kb' }));

  app.get('/api/persons/:iin', (req, res) => {
    const iin = req.params.iin;
    if (!/^\d{12}$/.test(iin)) return void res.status(400).json({ error: 'invalid_iin', message: 'an IIN has 12 digits' });
    const person = isValidIin(iin) ? (storedPerson(iin) ?? generatedPerson(iin)) : null;
    lookups.append({ iin, at: new Date().toISOString(), found: person !== null });
    if (!person) return void res.status(404).json({ error: 'not_found' });
    res.json(person);
  });

  app.put('/api/persons/:iin', (req, res) => {
    const iin = req.params.iin;
    const encoded = iinBirthDateAndGender(iin);
    if (!encoded || !isValidIin(iin)) return void res.status(400).json({ error: 'invalid_iin' });
    const parsed = personSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'invalid_person', message: parsed.error.message });
    // Birth date and gender always follow the IIN, as they do in the real register.
    const person: Person = { iin, ...parsed.data, ...encoded };
    stored.append(person);
    res.json(person);
  });

  app.get('/api/lookups', (_req, res) => void res.json(lookups.all));
  app.use(jsonErrors());

  const server = await listen(app, host, opts.port);
  return { url: httpUrl(host, server), close: () => closeServer(server) };
}

const MALE_NAMES = [
  'Нұрлан',
  'Ерлан',
  'Асқар',
  'Бауыржан',
  'Дәулет',
  'Ерболат',
  'Қайрат',
  'Мұхтар',
  'Серік',
  'Талғат',
  'Әлихан',
  'Ғалым',
  'Жандос',
  'Ұлан',
  'Айдос',
  'Шыңғыс',
  'Өмірзақ',
  'Үсен',
  'Санжар',
  'Іляс',
];
const FEMALE_NAMES = [
  'Айгүл',
  'Әсем',
  'Гүлнар',
  'Жанар',
  'Мәдина',
  'Ақбота',
  'Дана',
  'Қарлығаш',
  'Әйгерім',
  'Ләззат',
  'Салтанат',
  'Раушан',
  'Ұлжан',
  'Гүлмира',
  'Сәуле',
  'Іңкәр',
  'Аружан',
  'Толғанай',
  'Үміт',
  'Һәжер',
];
// Surnames in the masculine form; the feminine adds -а (Ахметов → Ахметова).
const SURNAMES = [
  'Ахметов',
  'Жұмабаев',
  'Нұрпейісов',
  'Омаров',
  'Қасымов',
  'Тоқаев',
  'Бекмұханбетов',
  'Әбенов',
  'Ысқақов',
  'Мұқанов',
  'Серікбаев',
  'Оспанов',
  'Сұлтанов',
  'Иманғалиев',
  'Дүйсенов',
  'Шәкенов',
  'Есенов',
  'Өтегенов',
  'Ғабдуллин',
  'Үмбетов',
];
const CITIES = ['Астана қ.', 'Алматы қ.', 'Шымкент қ.', 'Қарағанды қ.', 'Ақтөбе қ.', 'Павлодар қ.', 'Өскемен қ.', 'Атырау қ.', 'Қызылорда қ.', 'Тараз қ.'];
const STREETS = [
  'Абай даңғылы',
  'Төле би көшесі',
  'Қабанбай батыр даңғылы',
  'Сәтпаев көшесі',
  'Желтоқсан көшесі',
  'Әл-Фараби даңғылы',
  'Бауыржан Момышұлы көшесі',
  'Құрманғазы көшесі',
  'Мәңгілік Ел даңғылы',
  'Шоқан Уәлиханов көшесі',
];

/** The same IIN always gives the same person: every choice is taken from the IIN's hash. */
export function generatedPerson(iin: string): Person | null {
  const encoded = iinBirthDateAndGender(iin);
  if (!encoded || !isValidIin(iin)) return null;
  const seed = createHash('sha256').update(`individuals:${iin}`).digest();
  const pick = <T>(list: readonly T[], byte: number) => list[seed[byte] % list.length];
  const gender: Gender = encoded.gender;
  const surname = pick(SURNAMES, 0) + (gender === 'female' ? 'а' : '');
  const givenName = pick(gender === 'male' ? MALE_NAMES : FEMALE_NAMES, 1);
  const patronymic = pick(MALE_NAMES, 2) + (gender === 'male' ? 'ұлы' : 'қызы');
  const house = 1 + (seed.readUInt16BE(5) % 150);
  const flat = 1 + (seed.readUInt16BE(7) % 300);
  return {
    iin,
    surname,
    givenName,
    patronymic,
    birthDate: encoded.birthDate,
    gender,
    citizenship: 'KZ',
    registeredAddress: `${pick(CITIES, 3)}, ${pick(STREETS, 4)}, ${house}-үй, ${flat}-пәтер`,
  };
}
