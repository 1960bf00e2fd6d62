// The State Database of Individuals (ЖТ МДҚ / ГБД ФЛ): the profile takes the citizen's name, birth
// date and registered address from it by IIN (000 §4.1) instead of asking the citizen to type them.
import { isValidIin, type Gender } from '../domain/iin';
import { ExternalSystemRejectedError } from './errors';
import { JsonHttpClient } from './http';

export interface Person {
  iin: string;
  surname: string;
  givenName: string;
  /** Kazakh patronymics (…ұлы / …қызы) and Russian ones alike; null when the person has none. */
  patronymic: string | null;
  /** `YYYY-MM-DD` */
  birthDate: string;
  gender: Gender;
  /** ISO 3166-1 alpha-2, e.g. `KZ`. */
  citizenship: string;
  registeredAddress: string;
}

export interface IndividualsRegistry {
  /** The person with this IIN, or null when the register has none (or the IIN is not valid). */
  findByIin(iin: string): Promise<Person | null>;
}

export class HttpIndividualsRegistry implements IndividualsRegistry {
  private readonly http: JsonHttpClient;

  constructor(options: { url: string; timeoutMs?: number }) {
    this.http = new JsonHttpClient('individuals', options.url, options.timeoutMs);
  }

  async findByIin(iin: string): Promise<Person | null> {
    // An invalid IIN cannot be in the register; not asking also keeps arbitrary text out of the URL.
    if (!isValidIin(iin)) return null;
    const person = await this.http.request<Person>({ path: `api/persons/${iin}`, notFoundAsNull: true });
    if (person === null) return null;
    if (person.iin !== iin) {
      throw new ExternalSystemRejectedError('individuals', `asked for one IIN, received a record for another`, 200);
    }
    return person;
  }
}
