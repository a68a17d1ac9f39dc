import { describe, expect, it } from 'vitest';
import { findQuotes, selectQuotes } from '../../functions/core/quotes/index.js';
import { findNames } from '../../functions/core/quotes/names.js';
import {
  endsLikeNounPhrase,
  startsLikeNounPhrase,
  trimNounPhrase,
} from '../../functions/core/quotes/phrases.js';
import { tokenize } from '../../functions/core/quotes/tokens.js';
import type { KeyPoint, Quote } from '../../functions/core/types.js';
import { type GoldQuote, scoreSet } from '../../scripts/quote-scorer.js';
import { describeWithKit, readKit } from '../support/eval-kit.js';

/** The name phrases of a text, found as findQuotes finds them. */
function namesIn(text: string) {
  const nameWordAt: number[] = [];
  return findNames(text, tokenize(text, [0], nameWordAt), nameWordAt);
}

const SEED = 'fixtures/articles/kenya-haiti-mss.txt';
const SEED_REFERENCE = 'fixtures/articles/kenya-haiti-mss.expected.json';

const pick = (qs: Quote[]) => qs.map((q) => ({ text: q.text, speaker: q.speaker }));
/** The speakers findQuotes names in the text, in order. */
const speakersOf = (source: string) => findQuotes(source).map((q) => q.speaker);

function expectVerbatim(source: string, qs: Quote[]): void {
  for (const q of qs) expect(source.slice(q.start, q.end)).toBe(q.text);
}

describeWithKit([SEED, SEED_REFERENCE], 'findQuotes: the seed article', () => {
  const source = readKit(SEED);
  const expected = JSON.parse(readKit(SEED_REFERENCE)) as {
    quotes: { text: string; speaker: string; role: string }[];
  };
  const found = findQuotes(source);

  it('finds exactly the four quotations, verbatim', () => {
    expectVerbatim(source, found);
    expect(found.map((q) => q.text)).toEqual(expected.quotes.map((q) => q.text));
  });

  it.each(expected.quotes.map((q, i) => ({ i, ...q })))(
    'quote $i: $speaker, $role',
    ({ i, speaker, role }) => {
      expect(found[i]?.speaker).toBe(speaker);
      expect(found[i]?.role).toBe(role);
    },
  );
});

// Small articles of our own: one behaviour each.
describe('findQuotes: extraction and attribution', () => {
  it.each([
    {
      name: 'straight marks, "…," X said',
      input: 'The council met on Monday.\n\n"We will rebuild the pier by spring," Tomas Berg said.',
      out: [{ text: 'We will rebuild the pier by spring,', speaker: 'Tomas Berg' }],
    },
    {
      name: 'X said: “…” with curly marks',
      input:
        'Harbour master Lena Holm spoke after the storm. Holm said: “The ferries will run again on Friday.”',
      out: [{ text: 'The ferries will run again on Friday.', speaker: 'Lena Holm' }],
    },
    {
      name: '"…," said X, a …, with the role from the appositive',
      input:
        '"The water rose faster than any model predicted," said Ruth Okafor, a hydrologist at the city lab.',
      out: [{ text: 'The water rose faster than any model predicted,', speaker: 'Ruth Okafor' }],
    },
    {
      name: 'X told reporters "…"',
      input: 'Minister Paul Varga told reporters "there is no money left for the bridge this year."',
      out: [{ text: 'there is no money left for the bridge this year.', speaker: 'Paul Varga' }],
    },
    {
      name: 'according to X',
      input: '"The tunnel is safe for now," according to Ines Duarte, the chief engineer.',
      out: [{ text: 'The tunnel is safe for now,', speaker: 'Ines Duarte' }],
    },
    {
      name: 'mixed pair: opened with " and closed with ”',
      input: 'Mara Lind leads the union.\n\n"Nobody told the crews about the cuts,” Lind insisted.',
      out: [{ text: 'Nobody told the crews about the cuts,', speaker: 'Mara Lind' }],
    },
    {
      name: 'interrupted quotation: two parts, one speaker',
      input:
        'Captain Jonas Eklund was calm.\n\n"We will go," he said, "and we will stay until the job is done."',
      out: [
        { text: 'We will go,', speaker: 'Jonas Eklund' },
        { text: 'and we will stay until the job is done.', speaker: 'Jonas Eklund' },
      ],
    },
    {
      name: 'multi-paragraph quotation: no closing mark at the paragraph end',
      input:
        'Mayor Ana Ruiz addressed the crowd.\n\n“The bridge is our lifeline. We cannot wait another winter.\n\n“So we will start the work in May,” Ruiz said.',
      out: [
        {
          text: 'The bridge is our lifeline. We cannot wait another winter.\n\n“So we will start the work in May,',
          speaker: 'Ana Ruiz',
        },
      ],
    },
    {
      name: 'single marks, apostrophes left alone',
      input: "Farmer Olu Adeyemi's field flooded twice. 'We've lost the whole harvest,' Adeyemi said.",
      out: [{ text: "We've lost the whole harvest,", speaker: 'Olu Adeyemi' }],
    },
    {
      name: 'curly single marks',
      input: 'Coach Rita Sousa was blunt. ‘We didn’t deserve to win today,’ Sousa said.',
      out: [{ text: 'We didn’t deserve to win today,', speaker: 'Rita Sousa' }],
    },
    {
      name: 'single marks: the part after the attribution is kept with its neighbour',
      input:
        "The council met on Monday.\n\n'We will go to the minister with this plan,' Ada Moss said. 'It is late, but there is still time to fix the roads.'",
      out: [
        { text: 'We will go to the minister with this plan,', speaker: 'Ada Moss' },
        { text: 'It is late, but there is still time to fix the roads.', speaker: 'Ada Moss' },
      ],
    },
    {
      name: 'a quotation inside a quotation: the outer one',
      input: '“When the alarm rang, someone shouted ‘get out now’ and we ran,” said Ivo Petrov.',
      out: [
        { text: 'When the alarm rang, someone shouted ‘get out now’ and we ran,', speaker: 'Ivo Petrov' },
      ],
    },
    {
      name: 'pronoun resolved to the person named before',
      input:
        'Deputy Mayor Karin Voss visited the flooded school on Tuesday.\n\n“These children deserve better,” she said.',
      out: [{ text: 'These children deserve better,', speaker: 'Karin Voss' }],
    },
    {
      name: 'short name resolved to the full name',
      input:
        'Finance Minister Arjun Mehta presented the plan. Critics were unconvinced.\n\n“The numbers add up,” Mehta said.',
      out: [{ text: 'The numbers add up,', speaker: 'Arjun Mehta' }],
    },
    {
      name: 'an organisation as the speaker',
      input:
        'Prices rose again in March. “Inflation will ease by the summer,” the ministry said in a statement.',
      out: [{ text: 'Inflation will ease by the summer,', speaker: 'the ministry' }],
    },
    {
      name: 'unknown speaker stays null',
      input: 'Above the old gate, in faded paint: “No entry after dark, by order of nobody in particular.”',
      out: [{ text: 'No entry after dark, by order of nobody in particular.', speaker: null }],
    },
    {
      name: 'a paragraph of quotation carries on the speaker of the one before',
      input:
        '“The port is full,” said harbour chief Eva Lund.\n\n“Ships are waiting outside for three days now.”\n\nThe port reopened later.',
      out: [
        { text: 'The port is full,', speaker: 'Eva Lund' },
        { text: 'Ships are waiting outside for three days now.', speaker: 'Eva Lund' },
      ],
    },
  ])('$name', ({ input, out }) => {
    const found = findQuotes(input);
    expectVerbatim(input, found);
    expect(pick(found)).toEqual(out);
  });

  it('keeps the role written before the name', () => {
    const source = 'Fisheries Minister Eda Kaya spoke first. “The quotas stay,” Kaya said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Eda Kaya', role: 'Fisheries Minister' }]);
  });

  it.each([
    {
      name: 'a title of courtesy is no role: the one the text gave the person stands',
      input:
        'Harbour director Tom Reyes opened the pier on Monday.\n\nThe crowd was small. “It will be busy by June,” Mr Reyes said.',
      speaker: 'Tom Reyes',
      role: 'Harbour director',
    },
    {
      name: 'a player\'s position is a role before the name ("Striker Ilkka Vantanen"), whatever the first name',
      input: 'The match ended 2-2.\n\nStriker Ilkka Vantanen said: “What matters is the three points.”',
      speaker: 'Ilkka Vantanen',
      role: 'Striker',
    },
    {
      name: 'a modal verb before a role word is no modifier of it: the clause before stays out of the role',
      input:
        'The match ended 2-2.\n\nCoach Ruth Dalby will discipline striker Ilkka Vantanen, who said: “I set the record straight.”',
      speaker: 'Ilkka Vantanen',
      role: 'striker',
    },
    {
      name: 'a title of courtesy alone, with no role given anywhere, is none',
      input: 'The pier opened on Monday.\n\n“It will be busy by June,” Dr Ann Lee said.',
      speaker: 'Ann Lee',
      role: null,
    },
    {
      name: 'a title of courtesy that ends the role is the name’s, not the role’s',
      input: 'The pier opened on Monday.\n\n“It will be busy by June,” said harbour chairman Sir Tom Reyes.',
      speaker: 'Tom Reyes',
      role: 'harbour chairman',
    },
    {
      name: 'a role ends at the speech verb: the report after it is no part of it',
      input:
        'The pier opened on Monday.\n\nAnn Lee, analyst at Dockside Capital told reporters that while the season was short, “it will be busy by June”.',
      speaker: 'Ann Lee',
      role: 'analyst at Dockside Capital',
    },
    {
      name: 'a word that is a speech verb elsewhere stays in a role (“state”, “press”)',
      input: 'The pier opened on Monday.\n\n“It will be busy by June,” said state press secretary Ann Lee.',
      speaker: 'Ann Lee',
      role: 'state press secretary',
    },
    {
      name: 'an owner alone before the name is shown without its possessive ending',
      input: 'The pier opened on Monday.\n\n“It will be busy by June,” said Dockside Capital’s Ann Lee.',
      speaker: 'Ann Lee',
      role: 'Dockside Capital',
    },
    {
      name: 'a role that only ends in a possessive keeps it',
      input:
        'The pier opened on Monday.\n\n“It will be busy by June,” said Ann Lee, a researcher who studies Alzheimer’s.',
      speaker: 'Ann Lee',
      role: 'researcher who studies Alzheimer’s',
    },
    {
      name: 'a compound whose last part is a role word is one (“secretary-treasurer”, “ex-mayor”)',
      input:
        'The pier opened on Monday.\n\nThe harbour board’s secretary-treasurer, Ann Lee, said the season would be short. “It will be busy by June.”',
      speaker: 'Ann Lee',
      role: 'harbour board’s secretary-treasurer',
    },
  ])('the role a reader is shown: $name', ({ input, speaker, role }) => {
    const found = findQuotes(input);
    expectVerbatim(input, found);
    expect(found).toMatchObject([{ speaker, role }]);
  });

  it('never gives a bare article as the role', () => {
    const source =
      'Rep. Glenn Hart spoke first.\n\n“We will be back in September with a better bill,” the Pennsylvania Republican said.';
    const [q] = findQuotes(source);
    expect(q?.speaker).toBeTruthy();
    expect(q?.role ?? '').not.toMatch(/^(?:the|a|an)$/iu);
  });

  it.each([
    {
      name: 'a title the word lists lack',
      input:
        'City Councilmember Nora Velasquez, a Democrat, spoke first.\n\nShe took questions later. “We will fix the pipes,” she said.',
      speaker: 'Nora Velasquez',
    },
    {
      name: 'a place and a title before the name: the name starts at its last first name',
      input:
        'The board met on Monday.\n\nHarbour City Supervisor Jane Kim spoke.\n\n“The pier opens in May,” Kim said.',
      speaker: 'Jane Kim',
    },
    {
      name: 'two first names in a row',
      input:
        'The board met on Monday.\n\nAlderman Mary Ann Moore spoke.\n\n“The pier opens in May,” Moore said.',
      speaker: 'Mary Ann Moore',
    },
    {
      name: 'an initial opens the name: it is kept',
      input: 'The board met on Monday.\n\nJ. Gerald Hebert spoke.\n\n“The pier opens in May,” Hebert said.',
      speaker: 'J. Gerald Hebert',
    },
  ])('a known first name inside a capitalised run starts the name: $name', ({ input, speaker }) => {
    const found = findQuotes(input);
    expectVerbatim(input, found);
    expect(found).toMatchObject([{ speaker }]);
  });

  it('reads a noun naming a person before the name as its role, where the role words lack it', () => {
    const source =
      'The storm passed.\n\nMeteorologist Anna Varga spoke first.\n\n“The river will crest on Friday,” Varga said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Anna Varga', role: 'Meteorologist' }]);
    const other =
      'The storm passed.\n\nFollow Anna Varga for updates.\n\n“The river will crest on Friday,” Varga said.';
    expect(findQuotes(other)).toMatchObject([{ speaker: 'Anna Varga', role: null }]);
  });

  it('a capitalised run ending in a place or role word, or holding a headline word, stays whole', () => {
    const names = (text: string) => namesIn(text).map((n) => n.name);
    expect(names('They met at Mount Hope Cemetery on Friday.')).toContain('Mount Hope Cemetery');
    expect(names('A South Carolina Democrat spoke.')).toContain('South Carolina Democrat');
    expect(names('Why The Crowd Does Not Like Jane Roe\n\nShe spoke.')).not.toContain('Jane Roe');
  });

  it('makes no name of a number alone, but keeps one inside a name', () => {
    const names = (text: string) => namesIn(text).map((n) => n.name);
    expect(names('In 2004 about 10,000 people flew on Boeing 747 jets to London.')).toEqual([
      'Boeing 747',
      'London',
    ]);
  });

  it('takes the name from an appositive after a description', () => {
    const source =
      'The port stayed shut.\n\n“We expect ships by Monday,” the harbour spokesman, Jo Marsh, said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Jo Marsh', role: 'harbour spokesman' }]);
  });

  it('skips excluded page furniture', () => {
    const source = 'Photo: “Storm over the bay,” by staff.\n\n“We are ready,” said Tove Ahl.';
    const exclude = [{ start: 0, end: source.indexOf('\n') }];
    expect(pick(findQuotes(source, { exclude }))).toEqual([{ text: 'We are ready,', speaker: 'Tove Ahl' }]);
  });

  it('reads two apostrophes as a double mark only when asked', () => {
    const source = "''The budget is balanced,'' said Lea Stern.";
    expect(findQuotes(source)).toEqual([]);
    expect(pick(findQuotes(source, { doubledApostrophes: true }))).toEqual([
      { text: 'The budget is balanced,', speaker: 'Lea Stern' },
    ]);
  });

  it.each(['', '"', '“”', '""""', '‘', "'''", '"\n"', '“a', 'x”'])('never throws: %j', (input) => {
    expect(() => findQuotes(input)).not.toThrow();
  });
});

// Speaker rules, one invented example each: every quotation found must carry `speaker`.
describe('findQuotes: speaker rules', () => {
  it.each([
    {
      name: 'a plural possessive in the role is no closing mark',
      input:
        'The count went on all night.\n\n“We raised more money this month than in the whole of last year,” Tom Reyes, the Greens’ campaign manager, said in a statement. “Small donors carried us.”',
      speaker: 'Tom Reyes',
    },
    {
      name: 'a capitalised name that is also an auxiliary ("Will") stays the speaker',
      input:
        'The column ran on Sunday.\n\n“The harbour plan is a costly mistake for the whole town,” Will wrote.',
      speaker: 'Will',
    },
    {
      name: 'manner-of-speaking verbs (barked, beamed, shot back) are cues',
      input:
        'The debate turned sour.\n\n“Go back to your own district and fix the roads there,” Lena Ortiz barked at the mayor.',
      speaker: 'Lena Ortiz',
    },
    {
      name: 'a verb after the quotation with the name after it ("beamed X")',
      input:
        'The hall was full.\n\n“This is the best night our little club has ever had!” beamed Pia Novak of Leeds, who came early.',
      speaker: 'Pia Novak',
    },
    {
      name: '"went on to say": the clause subject speaks',
      input:
        'Ana Brandt praised the volunteers, and went on to say, “Nobody in this county will go hungry this winter.”',
      speaker: 'Ana Brandt',
    },
    {
      name: '"by saying": the clause subject speaks',
      input: 'Ola Berg ended the meeting by saying, “We will vote on the budget again next spring.”',
      speaker: 'Ola Berg',
    },
    {
      name: 'a description ending in a role word before the name in apposition (after the quotation)',
      input:
        'The count was slow.\n\n“We expect the final result before midnight tonight,” the Greens’ campaign manager, Rosa Lind, said.',
      speaker: 'Rosa Lind',
    },
    {
      name: 'a description ending in a role word before the name in apposition (before the quotation)',
      input:
        'The count was slow.\n\nMayor Kaur’s business manager, Ivo Petrov, stated: “The council will meet again on Friday to settle the budget.”',
      speaker: 'Ivo Petrov',
    },
    {
      name: '"Perhaps, he said": the pronoun before the cue speaks',
      input:
        '“The ferry is late again, and nobody tells us why,” said Omar Field, a commuter from the island. “We wait for hours on the pier.” Perhaps, he said, the timetable is simply wrong.',
      speaker: 'Omar Field',
    },
    {
      name: '"upon saying": the clause subject speaks',
      input:
        'Greta Holm, a local baker, drew loud cheers upon saying, “Every village deserves its own bakery and its own school.”',
      speaker: 'Greta Holm',
    },
    {
      name: 'a paragraph after "X released the following statement:" reads X',
      input:
        'When the old bridge closed, Governor Ines Vale released the following statement:\n\n“We owe the towns on both banks a safe crossing, and we will build one within two years.”\n\nWork starts in May.',
      speaker: 'Ines Vale',
    },
    {
      name: 'a capitalised organisation after "The" as the clause subject',
      input:
        'The Harbour Gazette confirmed the figures, reporting:\n\n“As the company took over the docks in three steps, a flow of money reached the fund.”\n\nThe fund did not reply.',
      speaker: 'Harbour Gazette',
    },
    {
      name: 'a name after a spaced dash and before a colon (digest headlines)',
      input:
        'TURNOUT WAS HIGHER THAN EXPECTED - Nora Quist: “The early count shows more young voters than in any year we have on record.” [Blog.]',
      speaker: 'Nora Quist',
    },
    {
      name: '"X said, adding, …": the speaker of the first cue',
      input:
        'The shop closed at noon.\n\nThe owner left early, Ali Noor said, adding, “He was never one to stay for the whole meeting.”',
      speaker: 'Ali Noor',
    },
    {
      name: 'a role word after a title of courtesy is a surname ("Ms King"), so "she" goes to her, not a place',
      input:
        'Here in Bethnal Green and Bow the campaign is loud. Ms King has represented the seat since 1997.\n\nShe said: “I am delighted to be given the chance to keep it.”',
      speaker: 'King',
    },
    {
      name: 'a fragment inside a clause reported with "that" is the reporting subject\'s, not a later sentence\'s',
      input:
        'Dana Osei said Tuesday that the offer was “a pay cut with a bow on it.” The employer has not said when talks resume.',
      speaker: 'Dana Osei',
    },
    {
      name: 'a whole utterance a colon introduces is the introducing clause\'s, not the "that" clause\'s before it',
      input:
        'Lena Holm said that the plans were strong, to which Tomas Berg replied: “That is just not true.”',
      speaker: 'Tomas Berg',
    },
    {
      name: 'a pronoun goes to the person who speaks in the sentence before, not the first one named',
      input:
        'Asked about Tomas Berg, Lina Park said she had never met him.\n\n“I know nothing about the man or his company, and I have never seen the contract,” she said.',
      speaker: 'Lina Park',
    },
    {
      name: '"X said … but added, …": the clause subject speaks',
      input:
        'Rita Olsen said it was too early to count the votes but added, “I think you all know how this evening will end.”',
      speaker: 'Rita Olsen',
    },
    {
      name: '"responded in a text message:": a weak cue after a determiner is a noun',
      input:
        'The fund lost a donor.\n\nWhen asked why, Karl Voss responded in a text message: “The new board will be the better one for the town.”',
      speaker: 'Karl Voss',
    },
    {
      name: 'a short sentence with a cue right before the quotation introduces it',
      input:
        'The harbour plan split the council.\n\nCouncillor Mia Lund agreed. “We cannot keep the old docks open for another ten years without money from the state.”',
      speaker: 'Mia Lund',
    },
    {
      name: 'a cue further back before a whole utterance ("told the paper in a written statement, …")',
      input:
        'The merger was called off.\n\nJonas Eck told the Harbour Gazette in a short written statement on Monday night, “We could not agree on the price, and we part as friends.”',
      speaker: 'Jonas Eck',
    },
    {
      name: 'a capitalised preposition opening the clause is no name ("During …, X attacked …, saying")',
      input:
        'During a long speech on Tuesday, Vera Holt attacked the council for its spending, saying, “They spend our money as if it grew on trees.”',
      speaker: 'Vera Holt',
    },
    {
      name: 'a quotation paragraph after a paraphrase "Name said …" quotes the same person',
      input:
        'The ferry service will change in spring.\n\nMarta Quell said that the old timetable would not come back.\n\n“That is because the island has grown, and the boats must grow with it.”',
      speaker: 'Marta Quell',
    },
    {
      name: 'the paraphrase names its speaker through an appositive ("Name, a …, says …")',
      input:
        'The new bus map starts in June.\n\nOthers welcomed it. Tomas Brill, a college student, says his trip will be shorter.\n\n“Right now I change buses twice. Under the new map it is one bus.”',
      speaker: 'Tomas Brill',
    },
    {
      name: 'the paraphrase opens with a phrase before its speaker ("At the end …, Name said …")',
      input:
        'The ward was full again.\n\nAt the end of her shift, Ines Marlow said she has thought about leaving.\n\n“I am still here because I like this work.”',
      speaker: 'Ines Marlow',
    },
    {
      name: 'a sentence opening "However, X noted" after a quotation that ends its sentence is no tail',
      input:
        'The bid went on.\n\n"Other parties could still bid," said Wen Cho, an analyst. "It is not over." However, Mr Lam noted that a foreign company would struggle, however hard it tried.',
      speaker: 'Wen Cho',
    },
    {
      name: 'a sentence opening "Still, X said" after a quotation that ends its sentence is no tail',
      input:
        'The panel met.\n\n"We are not talking about little green men," Ada Stofer said at the panel. "We are talking about microbes." Still, former astronaut Jon Grund said it is an exciting time. It is still early.',
      speaker: 'Ada Stofer',
    },
    {
      name: 'a surname the text also writes in lower case, after a comma-ended quotation, stays the speaker',
      input:
        'The talks went on. It may rain, and it may not.\n\n"We will leave on time," May, the prime minister, said.',
      speaker: 'May',
    },
    {
      name: 'a quotation introduced by "X said:" and ending its sentence: the next sentence is no tail',
      input:
        'The odds tumbled.\n\nAda Moss of Ladbrokes said: "With the odds so long, we took a lot of bets." Tom Reyes, from a rival bookmaker, confirmed they too had cut the odds.',
      speaker: 'Ada Moss',
    },
    {
      name: 'a name and its appositive after a quotation that ends its sentence stay its tail',
      input: 'The vote was close.\n\n"We will be back." Smith, a spokesman for the party, said on Monday.',
      speaker: 'Smith',
    },
    {
      name: 'a party tag ("R-Wis.,") does not end the sentence before the cue',
      input:
        'The hearing ran late.\n\nSen. Ola Brandt, R-Wis., said in a column before the hearing, “The office ignored every warning it was given that spring.”',
      speaker: 'Ola Brandt',
    },
    {
      name: 'a cue word after a determiner is the noun that speaks ("The email said")',
      input:
        'The club closed its doors.\n\nThe email said, “Effective immediately, we will wind down the club and close its website.”',
      speaker: 'The email',
    },
    {
      name: 'a one-word name with a long appositive before the cue after the quotation',
      input:
        'The press room was packed.\n\n“Very good question, very good question from this young man,” Okafor, the mayor of the town and by far the best-known candidate in the whole of the northern region after the spring vote, said when the reporter asked again.',
      speaker: 'Okafor',
    },
    {
      name: '"issued a statement, …": a speech noun and the clause subject, after a capitalised adverb',
      input:
        'The fire was out by noon.\n\nImmediately after the fire, Mayor Lena Park issued a statement, “Our thoughts are with the families who lost their homes tonight.”',
      speaker: 'Lena Park',
    },
    {
      name: 'a bare name with a bracketed party tag before a colon',
      input:
        'The hearing went on.\n\nRep. Ada Gowe (R-S.C.):“I have not heard anyone other than you say that the system kept them. Who told you that?”',
      speaker: 'Ada Gowe',
    },
    {
      name: '"- More from Jane Doe:" continues an excerpt by the same author',
      input:
        'What it means for the autumn - More from Nora Quist: “The young vote is larger than in any year we have on record, and it leans left.” [Blog.]',
      speaker: 'Nora Quist',
    },
    {
      name: 'a title abbreviation ("Coun.", "Const.") is part of the role, not the name',
      input:
        'Council met late.\n\n“We have spent three years planning this corridor,” said Coun. Marie-Anne Leblanc, who represents the district.',
      speaker: 'Marie-Anne Leblanc',
    },
    {
      name: '"of" after a person’s name is an affiliation, not the name',
      input:
        'The letter went out on Wednesday.\n\n“Taxpayers deserve a straight answer,” Sen. Laura Whitfield of Oregon said in a statement.',
      speaker: 'Laura Whitfield',
    },
    {
      name: '"of" after a title and a name whose first name the data does not sex is an affiliation too',
      input:
        'The vote was close.\n\nRep. Lee Moravec of New Mexico said: “This bill was written for the lobbyists, not for the ranchers.”',
      speaker: 'Lee Moravec',
    },
    {
      name: 'a peer\'s "of" names the seat, not the speaker ("Lord Haverleigh of Tamworth")',
      input:
        'The ruling came on Thursday.\n\nLord Haverleigh of Tamworth, in his judgment, said: “Detention without trial is not the law of this country.”',
      speaker: 'Haverleigh',
    },
    {
      name: 'a place after a role\'s "of" names an office, not the speaker ("the Mayor of London")',
      input:
        'The river rose overnight.\n\nThe Mayor of London said: “Stay away from the embankments until Friday.”',
      speaker: 'The Mayor of London',
    },
    {
      name: 'so does an unknown word after a capitalised role\'s "of", read back from the cue ("The Bishop of Wexmoor said")',
      input: 'The abbey was restored.\n\nThe Bishop of Wexmoor said: “It belongs to everyone in the county.”',
      speaker: 'The Bishop of Wexmoor',
    },
    {
      name: 'a name of two words after a role\'s "for" is whom the role holder speaks for ("a spokeswoman for Dana Reyes")',
      input:
        'The grant was withdrawn.\n\n“We were given no warning at all,” a spokeswoman for Dana Reyes said.',
      speaker: 'a spokeswoman for Dana Reyes',
    },
    {
      name: 'an office\'s place, then a name whose first name the data does not know ("Mayor of Leeds Tariq Osmani")',
      input: 'The budget was set.\n\n“Every ward gets a new library,” Mayor of Leeds Tariq Osmani said.',
      speaker: 'Tariq Osmani',
    },
    {
      name: 'so is the word after a role\'s "of the", the office\'s object ("Chancellor of the Exchequer Kwasi Mensah")',
      input:
        'Rates held.\n\nChancellor of the Exchequer Kwasi Mensah told MPs: “Inflation is falling, slowly.”',
      speaker: 'Kwasi Mensah',
    },
    {
      name: 'an "of" after a role word belongs to the phrase before the cue ("the head of the agency said")',
      input:
        'Staff were told on Monday.\n\nThe head of the agency said: “Nobody will lose their job this year.”',
      speaker: 'The head of the agency',
    },
    {
      name: 'so does one before a number ("the father of three said"), not the number alone',
      input:
        'The fire started at dawn.\n\nThe father of three said: “I carried the children out one by one.”',
      speaker: 'The father of three',
    },
    {
      name: 'a spokesperson for a body is the speaker, not the body ("a spokesperson for Meridian Bank said")',
      input:
        'Shares fell sharply.\n\nA spokesperson for Meridian Bank said: “We do not comment on market rumours.”',
      speaker: 'A spokesperson for Meridian Bank',
    },
    {
      name: 'a capitalised role word inside a body’s name is part of it ("the National Weather Service")',
      input: 'The storm moved north.\n\n“Stay off the roads tonight,” the National Weather Service warned.',
      speaker: 'National Weather Service',
    },
    {
      name: 'but not before a person’s surname that ends places’ names ("Housing Minister Keith Hill")',
      input:
        'Rents rose again.\n\nHousing Minister Keith Hill said the plans were copied. “They are completely uncosted,” he said.',
      speaker: 'Keith Hill',
    },
    {
      name: '"said in an email that": an email after a determiner is a noun, and the one who said it speaks',
      input:
        'Farmers lost their crops.\n\nThe ministry said in an email that the new rules “would give growers and buyers one clear standard to follow across the province.”',
      speaker: 'The ministry',
    },
    {
      name: 'a division\'s name holds its "of" ("the Utah Division of Water Rights"), as a department\'s does',
      input:
        'Wells ran dry in August.\n\nThe Utah Division of Water Rights said that the basin “is already closed to most new appropriations.”',
      speaker: 'Utah Division of Water Rights',
    },
    {
      name: 'a body whose name lists its duties with commas is named whole ("Ministry of Labour, Immigration, Training and …")',
      input:
        'Two workers died in the trench.\n\nThe Ontario Ministry of Labour, Immigration, Training and Skills Development said: “We will carefully review the jury’s recommendations.”',
      speaker: 'Ontario Ministry of Labour, Immigration, Training and Skills Development',
    },
    {
      name: 'a fragment after the second of two "that"s a cue reports is the reporter\'s ("said … that … and that")',
      input:
        'Taps ran dry for two days.\n\nThe Kettle Valley Water Board said in a letter to customers that it could not hire enough crews and that the main line “has failed three times since the spring.”',
      speaker: 'Kettle Valley Water Board',
    },
    {
      name: 'a number\'s thousands comma is no comma of the sentence ("Westfield Growers, which represents about 3,000 farms, said")',
      input:
        'The ban passed on Monday.\n\nWestfield Growers, which represents about 3,000 farms, said: “We support a move to quieter equipment.”',
      speaker: 'Westfield Growers',
    },
    {
      name: 'a body\'s name may end in one digit ("Fraternal Order of Police Akron Lodge 7")',
      input:
        'The vote was on Monday.\n\nFraternal Order of Police Akron Lodge 7 said: “The ordinance goes further than voters approved.”',
      speaker: 'Fraternal Order of Police Akron Lodge 7',
    },
    {
      name: 'British ranks written without full stops are roles ("Det Ch Insp Nadhim Rahmani")',
      input:
        'Two men were arrested.\n\nDet Ch Insp Nadhim Rahmani said: “We are still appealing for witnesses to come forward.”',
      speaker: 'Nadhim Rahmani',
    },
    {
      name: 'and so is a councillor\'s "Cllr", which "the councillor" then stands for',
      input:
        'Cllr Bethan Rhysant chairs the committee.\n\n“The residents deserve far better than this,” the councillor said.',
      speaker: 'Bethan Rhysant',
    },
    {
      name: 'a cue inside a reported clause: the words belong to the one who reports it',
      input:
        'The letter arrived on Monday.\n\nA city spokeswoman, Karen Doyle, said the department would respond to the letter “in due course and in full.”',
      speaker: 'Karen Doyle',
    },
    {
      name: '"she" after "X\'s daughter, Sofia, said": the daughter, not the owner named first',
      input:
        'Owner Rosa Delgado opened the shop in 2015.\n\nDelgado’s daughter, Sofia, who manages the counter, said customers lined up early.\n\n“Some of them brought flowers for the whole team,” she said.',
      speaker: 'Sofia',
    },
    {
      name: '"she" never goes to a place or company that the name data only knows by its last word',
      input:
        'Council member Ana Ruiz spoke first.\n\nThe march then moved to Cedar Ridge Heights and past Tollan Computers.\n\n“We will not give up on this valley,” she said.',
      speaker: 'Ana Ruiz',
    },
    {
      name: '"the email said": a cue word after a determiner is a noun, and the whole phrase speaks',
      input:
        'The group wrote to members on Monday.\n\n"We need everyone on the team to step up," the email said. "Our opponent is raising money."',
      speaker: 'the email',
    },
    {
      name: '"the report stated": the report, not a bare "the"',
      input: 'The study came out on Friday.\n\n"The changes add to the urgency," the report stated.',
      speaker: 'the report',
    },
    {
      name: '"according to a court document filed by …": the fragment is no speaker, the person named is',
      input:
        'The case was closed on Friday.\n\n"The evidence cannot prove every element of the charge," according to a court document filed by state attorney Ana Ruiz.',
      speaker: 'Ana Ruiz',
    },
    {
      name: 'a phrase ending on an article ("said the head of the") is no speaker',
      input: 'The case was closed on Friday.\n\n"It cannot pass," said the head of the.',
      speaker: null,
    },
    {
      name: '"he" after "Ferries director Tom Reyes": the person, not the name written in his role',
      input:
        'A Harbour Ferries boat leaves the dock on Tuesday.\n\nFerries director Tom Reyes defended the plan on Monday, saying the old schedule no longer works.\n\n“We can keep patching the timetable, or we can build one that works,” he told councillors.',
      speaker: 'Tom Reyes',
    },
    {
      name: '"she" after "Mayor Lin spokeswoman Ada Moss": the spokeswoman, not the mayor',
      input:
        'Mayor Grace Lin named a new parks chief on Friday.\n\nLin spokeswoman Ada Moss would not say when the work starts.\n\n“There is no date yet,” she said.',
      speaker: 'Ada Moss',
    },
    {
      name: '"he" after "Rep. Sam Ortiz of Maine, a supporter": "of" links a place, the person stays the subject',
      input:
        'The vote was close.\n\nRep. Sam Ortiz of Maine, a Hale supporter, said the deal helps both sides.\n\n“I don’t think it is do or die,” he said.',
      speaker: 'Sam Ortiz',
    },
    {
      name: '"she" with no person named: the described speaker of the quotation before ("A witness")',
      input:
        'Police are searching for a man.\n\nA witness, who asked not to be named, said: “He ran north toward the station with his hood up.”\n\n“He was holding something in his hand. I thought it was a phone,” she said.',
      speaker: 'A witness',
    },
  ])('$name', ({ input, speaker }) => {
    const found = findQuotes(input);
    expect(found.length).toBeGreaterThan(0);
    for (const q of found) expect(q.speaker).toBe(speaker);
  });

  it.each([
    {
      source:
        'Tours stopped.\n\nThe company’s chief executive, Ingrid Solberg, said safety came first. “We would rather disappoint our guests,” she said.',
      speaker: 'Ingrid Solberg',
      role: 'company’s chief executive',
    },
    {
      source:
        'Costs rose.\n\nThe city’s director of transportation, Priya Raman, says the plan is out of date. “The numbers no longer hold,” Raman said.',
      speaker: 'Priya Raman',
      role: 'city’s director of transportation',
    },
  ])('a description before the name in apposition is the role: $role', ({ source, speaker, role }) => {
    expect(findQuotes(source)).toMatchObject([{ speaker, role }]);
  });

  it.each([
    {
      source:
        'Talks stalled.\n\nChief of staff Owen Tarrant met the union on Monday. “We are not there yet,” Tarrant said.',
      speaker: 'Owen Tarrant',
      role: 'Chief of staff',
    },
    {
      source:
        'Classes will be capped.\n\nSuperintendent of learning Nadia Ferreol told trustees the board could not hire enough teachers. “We posted 14 jobs and filled nine,” she said.',
      speaker: 'Nadia Ferreol',
      role: 'Superintendent of learning',
    },
    {
      source:
        'Prices rose.\n\nDirector of telecoms research Tom Vellacott expects a slowdown. “It will pass,” he said.',
      speaker: 'Tom Vellacott',
      role: 'Director of telecoms research',
    },
  ])(
    "a role's lower-case of-phrase before a name is its role where the name is read again: $role",
    ({ source, speaker, role }) => {
      expect(findQuotes(source)).toMatchObject([{ speaker, role }]);
    },
  );

  it('reads no role phrase through a word that ends a noun phrase ("the majority of minutes with Kevin Brice")', () => {
    const source =
      'Games ended.\n\nHe played the majority of minutes with Kevin Brice in goal. “We held on,” Brice said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Kevin Brice', role: null }]);
  });
});

describe('selectQuotes', () => {
  const source = [
    'Storm closes harbour',
    '',
    'The harbour closed on Monday after the storm. Officials called the damage “severe.”',
    '',
    'On CBS’s “Morning Report,” Mayor Ana Ruiz said the repairs would take months.',
    '',
    '“We will rebuild every pier, and we will do it before the summer season,” Ruiz said.',
    '',
    '“The harbour closed on Monday after the storm,” said port chief Eva Lund.',
    '',
    '“Nobody warned the fishing crews in time,” said union leader Mara Lind, “and that has to change.”',
    '',
    '“Insurance will cover most of it, but small owners will wait for months,” said broker Tim Hale.',
  ].join('\n');
  const keyPoints: KeyPoint[] = [
    { text: 'The harbour closed on Monday after the storm.', start: 22, end: 68 },
  ];
  const all = findQuotes(source);
  const chosen = selectQuotes(all, { source, keyPoints }, { max: 3 });

  it('drops scare quotes, titles and what the key points already say', () => {
    const texts = chosen.map((q) => q.text);
    expect(texts).not.toContain('severe.');
    expect(texts).not.toContain('Morning Report,');
    expect(texts).not.toContain('The harbour closed on Monday after the storm,');
  });

  it('keeps at most max quotations (an interrupted one may bring one part more), in source order', () => {
    expect(chosen.length).toBeGreaterThan(0);
    expect(chosen.length).toBeLessThanOrEqual(4);
    const starts = chosen.map((q) => q.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('keeps the parts of an interrupted quotation together', () => {
    const texts = chosen.map((q) => q.text);
    expect(texts.includes('Nobody warned the fishing crews in time,')).toBe(
      texts.includes('and that has to change.'),
    );
  });

  it('hears three voices before a second quotation part from anyone', () => {
    const talk = [
      'Housing target stays',
      '',
      '“We are not going to lower the bar because it is hard,” Premier Ada Holt said. “People need homes.”',
      '',
      '“You cannot build what you cannot finance,” said builder Rui Costa. “The math does not work right now.”',
      '',
      '“They are counting student residences as homes,” opposition leader Sam Ndlovu said.',
    ].join('\n');
    const picked = selectQuotes(findQuotes(talk), { source: talk, keyPoints: [] }, { max: 3 });
    expect(new Set(picked.map((q) => q.speaker))).toEqual(new Set(['Ada Holt', 'Rui Costa', 'Sam Ndlovu']));
    expect(picked.length).toBeLessThanOrEqual(4);
  });

  it('returns nothing for max 0 or no quotes', () => {
    expect(selectQuotes(all, { source, keyPoints }, { max: 0 })).toEqual([]);
    expect(selectQuotes([], { source, keyPoints })).toEqual([]);
  });
});

describeWithKit(['eval/quotes-polnear-dev.jsonl'], 'quality floor on PolNeAR dev', () => {
  const rows = readKit('eval/quotes-polnear-dev.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; quotes: GoldQuote[] });
  const items = rows.map((r) => ({ source: r.text, gold: r.quotes, predicted: findQuotes(r.text) }));

  it('direct quotes at overlap 0.3 and 0.8, speakers and end to end stay above the floor', () => {
    const lenient = scoreSet(items, 0.3);
    const strict = scoreSet(items, 0.8);
    // Measured (see docs/quotes.md): F1 97.3 / 96.4, speaker 94.0, end-to-end 91.4.
    expect(lenient.f1).toBeGreaterThanOrEqual(0.97);
    expect(strict.f1).toBeGreaterThanOrEqual(0.96);
    expect(lenient.speakerAccuracy).toBeGreaterThan(0.93);
    expect(lenient.e2eF1).toBeGreaterThan(0.91);
  });
});

describe('speaker phrases a noun phrase cannot be', () => {
  const phrase = (text: string) => tokenize(text, [0]);
  it.each([
    ['for ice cream', false],
    ['between', false],
    ['to know he', false],
    ['already', false],
    ['Meanwhile', false],
    ['If', false],
    ['The', false],
    ['47', false],
    ['the ministry', true],
    ['Ada Moss', true],
    ['a spokesman for the ministry', true],
  ])('"%s" opens like a noun phrase: %s', (text, expected) => {
    expect(startsLikeNounPhrase(phrase(text))).toBe(expected);
  });
  it.each([
    ['you can’t', false],
    ["doesn't", false],
    ["they've", false],
    ['you', false],
    ['rarely', false],
    ['Gorka similarly', false],
    ['including provisions he', false],
    ['giving', false],
    ['the authors of the', false],
    ['his', false],
    ['Republican leaders will', false],
    ['George Will', true],
    ['he', true],
    ['an ally', true],
    ['the elderly', true],
    ['Megyn Kelly', true],
    ['the spokeswoman', true],
    ['police', true],
  ])('"%s" ends like a noun phrase: %s', (text, expected) => {
    expect(endsLikeNounPhrase(phrase(text))).toBe(expected);
  });
  it.each([
    ['And then he', 'he'],
    ['Meanwhile the ministry', 'the ministry'],
    ['The parking attendant patiently', 'The parking attendant'],
    ['Gorka similarly', 'Gorka'],
    ['to cut', 'to cut'],
    ['rarely', 'rarely'],
    ['Ada Moss', 'Ada Moss'],
  ])('"%s" is trimmed to its noun phrase "%s"', (text, expected) => {
    expect(
      trimNounPhrase(phrase(text))
        .map((t) => t.text)
        .join(' '),
    ).toBe(expected);
  });
  it('reads the speaker past a fragment a sieve would have taken', () => {
    const source =
      'Senator Ada Moss spoke to reporters on Monday.\n\n"We will not give up on this bill," she said. "Not now." ' +
      'Moss similarly told the hall: "This is the week we finish it."';
    expect(speakersOf(source)).not.toContain('Moss similarly');
  });
});

describe('a company written with an ampersand', () => {
  it('is one token and one speaker ("M&S", not "M")', () => {
    const source = 'Sales rose.\n\n"We are bringing in ranges at new price points," said M&S.';
    expect(tokenize(source, [0]).some((t) => t.text === 'M&S')).toBe(true);
    expect(findQuotes(source)).toMatchObject([{ speaker: 'M&S' }]);
  });
});

describe('"it said": the organisation that spoke', () => {
  it('reads "it" as the company named as a speaker in the sentences before', () => {
    const source =
      'Regulators say that Harrowgate is a risk. The board will vote on Tuesday.\n\n' +
      'Harrowgate said the ruling would "make things harder... for everyone" because its stake would shrink. ' +
      '"This would be a very bad result for our customers," it warned in a statement.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Harrowgate' }]);
  });

  it('counts an ellipsis as one sentence end, so that the company stays within reach', () => {
    const source =
      'Harrowgate said the ruling would "make things harder... for everyone... and for years" because its stake ' +
      'would shrink. "If the licence cannot be renewed... the service will stop," it warned in a statement.';
    expect(findQuotes(source).at(-1)).toMatchObject({
      text: expect.stringMatching(/^If the licence/u),
      speaker: 'Harrowgate',
    });
  });

  it('keeps "it" when the body named before did not speak (it may be the report or the fine)', () => {
    const source =
      'The Brackley Water Corp could now face a fine of up to £20,000. Last week, it denied the claims. ' +
      '"Our works were lawful and properly assessed," it said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'it' }]);
  });

  it('does not look back further than the configured reach', () => {
    const source =
      'The OECD said growth would slow. Trade fell. Prices rose. Rates held. Jobs grew.\n\n' +
      '"Recovery will be uneven across the region in the coming months," it said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'it' }]);
    expect(findQuotes(source, { attribution: { bodySentenceReach: 12 } })).toMatchObject([
      { speaker: 'OECD' },
    ]);
  });
});

describe('the tail of a quotation that ends its sentence', () => {
  it('is no attribution when a finite verb stands between the phrase and the cue word', () => {
    const source =
      '"We are watching the markets closely," Anna Petrenko said. "Nobody wants a panic." ' +
      'Foreign investment in the region, at about $40 a head, is one of the lowest among ex-Soviet states.';
    expect(speakersOf(source)).toEqual(['Anna Petrenko', 'Anna Petrenko']);
  });

  it('is no attribution when the cue opens a clause of its own ("… has said it is …")', () => {
    const source =
      '"We will submit a budget that fits the times," Mr Bush said. "It is a serious plan." ' +
      'The US has said it is committed to a strong dollar.';
    expect(speakersOf(source)).toEqual(['Bush', 'Bush']);
  });

  it.each([
    ['"It is symbolic," Reuters quoted a central bank official as saying.', 'a central bank official'],
    ['"We are mourning," the agency quoted Peoplesoft worker David Ogden as saying.', 'David Ogden'],
    ['"Nothing is decided." Reuters news agency reports a union source as saying.', 'a union source'],
    ['The agency quoted a senior official as saying: "We will not allow it."', 'a senior official'],
  ])('names the one quoted "as saying", not the source: %s', (source, speaker) => {
    expect(findQuotes(source)).toMatchObject([{ speaker }]);
  });

  it.each([
    ['Ada Moss posted a message on Twitter reading "Thank you, Georgia!"', 'Ada Moss'],
    [
      'The Sanders campaign sent an email to supporters stating, "We were just declared the winners."',
      'The Sanders campaign',
    ],
  ])('takes the clause subject, not the object of a preposition, before the cue: %s', (source, speaker) => {
    expect(findQuotes(source)).toMatchObject([{ speaker }]);
  });

  it('still reads a speaker with an appositive or a relative clause before the cue', () => {
    const source =
      '"Nobody wants a panic." Anna Petrenko, who was at the meeting, said on Monday. ' +
      '"We will be ready." Tom Reyes, an analyst at the bank, said.';
    expect(speakersOf(source)).toEqual(['Anna Petrenko', 'Tom Reyes']);
  });
});

describe('names that open with a particle', () => {
  const people = (text: string) =>
    namesIn(text)
      .filter((n) => n.person)
      .map((n) => n.name);

  it('keep a capitalised particle as the first name ("Al Gore")', () => {
    expect(people('Yesterday Al Gore met Sen. Al Franken and Charles de Gaulle in Ohio.')).toEqual([
      'Al Gore',
      'Al Franken',
      'Charles de Gaulle',
    ]);
  });

  it.each([
    {
      what: 'two or three particles before the surname ("Ursula von der Leyen", "Guillermo de la Torre")',
      text: 'Ursula von der Leyen met Guillermo de la Torre in Madrid.',
      names: ['Ursula von der Leyen', 'Guillermo de la Torre'],
      source: 'Ursula von der Leyen spoke in Brussels. "We will act together," she said.',
      speaker: 'Ursula von der Leyen',
    },
    {
      what: 'a hyphenated romanised given name after the surname ("Ban Ki-moon"), not a compound',
      text: 'Ban Ki-moon and Lee Jae-myung met Pulitzer Prize-winning writers.',
      names: ['Ban Ki-moon', 'Lee Jae-myung'],
      source: 'Secretary General Ban Ki-moon spoke. "We must act now," he told reporters.',
      speaker: 'Ban Ki-moon',
    },
  ])('keep $what', ({ text, names, source, speaker }) => {
    expect(people(text)).toEqual(names);
    expect(speakersOf(source)).toEqual([speaker]);
  });

  it('read a two-word surname as a short mention of the longer name given before', () => {
    const source =
      'Debbie Wasserman Schultz spoke in Miami on Monday.\n\n' +
      '"We will hold this seat in November," Wasserman Schultz said.';
    expect(speakersOf(source)).toEqual(['Debbie Wasserman Schultz']);
  });

  it('read a particle and a surname as a short mention of the longer name given before', () => {
    const source =
      'Marine Le Pen, the party leader, spoke in Lyon on Sunday.\n\n' +
      '"We will win the next vote in every region," Le Pen said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Marine Le Pen', role: 'party leader' }]);
  });
});

describe('a long title read forwards after the cue', () => {
  const found = (source: string) => findQuotes(source).map((q) => [q.speaker, q.role]);

  it('runs on through "and", "of", "the" and commas to the person it names', () => {
    expect(found('"We will act," said Health and Human Services Secretary Xavier Becerra.')).toEqual([
      ['Xavier Becerra', 'Health and Human Services Secretary'],
    ]);
    expect(
      found(
        '"The quota stays," said Minister of Fisheries, Oceans and the Canadian Coast Guard Diane Lebouthillier.',
      ),
    ).toEqual([['Diane Lebouthillier', 'Minister of Fisheries, Oceans and the Canadian Coast Guard']]);
  });

  it('is the role in full when written before the name ("Health and Human Services Secretary Xavier Becerra said")', () => {
    expect(
      found('Health and Human Services Secretary Xavier Becerra said: "We will act on this today."'),
    ).toEqual([['Xavier Becerra', 'Health and Human Services Secretary']]);
    expect(
      found(
        'Minister of Fisheries, Oceans and the Canadian Coast Guard Diane Lebouthillier said: "The quota stays."',
      ),
    ).toEqual([['Diane Lebouthillier', 'Minister of Fisheries, Oceans and the Canadian Coast Guard']]);
    expect(
      found('On Tuesday, campaign chairman John Podesta spoke. "That is not our strategy," Podesta said.'),
    ).toEqual([['John Podesta', 'campaign chairman']]);
    expect(found('Trump and Sen. Ted Cruz spoke. "It is a sad development," Cruz said.')).toEqual([
      ['Ted Cruz', 'Sen.'],
    ]);
  });

  it('stops after a name ("said President Obama and Defense Secretary Ash Carter")', () => {
    expect(found('"We will act," said President Obama and Defense Secretary Ash Carter.')).toEqual([
      ['Obama', 'President'],
    ]);
    expect(
      found(
        '"We will fight," said Mark Longden of the Independent Manchester United Supporters Association.',
      ),
    ).toEqual([['Mark Longden', null]]);
  });
});

describe('first names written with accents', () => {
  it('are known first names, for where a name starts and for "she"', () => {
    expect(speakersOf('Minister of Foreign Affairs Mélanie Joly said: "Canada will not stand by."')).toEqual([
      'Mélanie Joly',
    ]);
    expect(
      speakersOf('Justin Trudeau met Mélanie Joly in Ottawa. "Canada will not stand by," she said.'),
    ).toEqual(['Mélanie Joly']);
  });
});

describe('surnames that are also months or common words', () => {
  it('are names after a known first name or an honorific ("Theresa May", "Mrs May")', () => {
    const source =
      'Prime Minister Theresa May flew to Brussels on Monday. "We will not reopen the deal," she said.\n\n' +
      'Mrs May added: "There will be no second vote on this question."';
    expect(speakersOf(source)).toEqual(['Theresa May', 'Theresa May']);
  });

  it('alone, stand for the person named before with that surname ("May said" after "Brian May")', () => {
    const source =
      'Guitarist Brian May says the band will tour in April. May said: "We were amazed at the chemistry."';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Brian May', role: 'Guitarist' }]);
  });

  it('are still no name where no person carries them ("In May, …")', () => {
    const source = 'In May, the council said: "The bridge will reopen in the autumn after repairs."';
    expect(speakersOf(source)).toEqual(['the council']);
  });
});

describe('a definite description for a person named with that title before it', () => {
  it.each([
    {
      what: '"the mayor" after "Mayor Olivia Chow"',
      source: 'Mayor Olivia Chow spoke at city hall on Monday. "Toronto needs a new deal," the mayor said.',
      speaker: 'Olivia Chow',
    },
    {
      what: '"the senator" after "Sen. Tim Scott"',
      source: 'Sen. Tim Scott spoke in Charleston on Monday. "We need a better plan," the senator said.',
      speaker: 'Tim Scott',
    },
    {
      what: 'past a person whose role differs',
      source:
        'Health Minister Mark Holland met Premier Doug Ford on Monday. "We have a deal," the minister said.',
      speaker: 'Mark Holland',
    },
    {
      what: 'not past a person whose role the text does not give',
      source:
        'Sen. Tim Scott spoke first. Marco Rubio spoke next. "We need a better plan," the senator said.',
      speaker: 'the senator',
    },
    {
      what: 'a capitalised title ("the King")',
      source: 'King Charles III spoke on Christmas Day. "We all have a part to play," the King said.',
      speaker: 'Charles III',
    },
    {
      what: 'not an organisation ("the Labour Party")',
      source: 'Labour Party leader Jo Vance spoke. "We will win this seat," the Labour Party said.',
      speaker: 'the Labour Party',
    },
    {
      what: 'the person given that age ("Jane Doe, 34,")',
      source:
        'Jane Doe, 34, lost her home. Tom Reyes, 51, helped her. "We had nothing left," the 34-year-old said.',
      speaker: 'Jane Doe',
    },
    {
      what: 'the person given that age ("51-year-old Tom Reyes")',
      source: '51-year-old Tom Reyes helped. Jane Doe watched. "We had nothing left," the 51-year-old said.',
      speaker: 'Tom Reyes',
    },
    {
      what: 'police and council titles read as roles ("Chief Constable Andy Marsh")',
      source:
        'Chief Constable Andy Marsh said the force would review the case. "Lessons will be learned," he said.',
      speaker: 'Andy Marsh',
    },
    {
      what: 'a description when no one was named with the title',
      source: 'Residents met on Monday. "We need a new bridge," the mayor said.',
      speaker: 'the mayor',
    },
  ])('$what', ({ source, speaker }) => {
    expect(speakersOf(source)).toEqual([speaker]);
  });
});

describe('a person named by title and surname only', () => {
  it('is the antecedent of "he" ("Mr. Obama … he said")', () => {
    const source =
      'Mr. Obama read the scientific literature closely.\n\n"The charts are terrifying," he said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Obama', role: null }]);
  });

  it('is passed over by "he" in a sentence that opens with "He" (its subject is named before)', () => {
    const source =
      'Donald Trump spoke to the group on Monday. ' +
      'He lambasted the deal negotiated by President Obama, who he noted was "in his final year."';
    expect(speakersOf(source)).toEqual(['Donald Trump']);
  });

  it('unlike a lone capitalised word, which names no one', () => {
    const source = 'Ohio read the scientific literature closely.\n\n"The charts are terrifying," he said.';
    expect(findQuotes(source)).toMatchObject([{ speaker: null }]);
  });
});

describe('a name read from the phrase at the cue', () => {
  it.each([
    [
      '"It is a good sign," said Bank of Japan chief Toshihiko Fukui.',
      'Toshihiko Fukui',
      'Bank of Japan chief',
    ],
    [
      '"We are looking at other ways," said Treasury Under Secretary John Taylor.',
      'John Taylor',
      'Treasury Under Secretary',
    ],
    ['"We are looking at other ways," said Laura Whitfield of Oregon.', 'Laura Whitfield', null],
    ['"It will come soon," the Department for Transport said.', 'Department for Transport', null],
    ['"We are greatly concerned," the Muslim Council of Britain said.', 'Muslim Council of Britain', null],
  ])('%s → %s', (source, speaker, role) => {
    expect(findQuotes(source)).toMatchObject([{ speaker, role }]);
  });
});

describe('names of bodies and places that "he" or "she" passes over', () => {
  it('a name after a body\'s "of" ("the Town of High Prairie")', () => {
    const source =
      'Coun. Rhea Lingard voted for the project last June. A report by the Town of High Prairie found the ' +
      'city short of rental units.\n\n“We have nurses renting rooms because there is nothing in town,” she said.';
    expect(speakersOf(source)).toEqual(['Rhea Lingard']);
  });

  it('a name of two words that ends in a known place ("Air Canada")', () => {
    const source =
      'The committee’s chair, Liberal MP Leah Teskey, said the committee will hear from two airlines next ' +
      'week. Air Canada is the country’s largest carrier.\n\n“Every MP at this table has a constituent with ' +
      'a story about a flight,” she said.';
    expect(speakersOf(source)).toEqual(['Leah Teskey']);
  });

  it('unlike a person whose first name is known, of either sex ("Jack Hill", "Grace London")', () => {
    expect(
      speakersOf(
        'Jack Hill, a retired welder, watched from the back row. The council voted 5-2.\n\n“We will close the pool,” he said.',
      ),
    ).toEqual(['Jack Hill']);
    expect(
      speakersOf(
        'Grace London, who runs the bakery, spoke first. The council voted 5-2.\n\n“We will lose customers,” she said.',
      ),
    ).toEqual(['Grace London']);
  });

  it('a named storm ("Hurricane Florence"), whose name is a woman\'s', () => {
    const source =
      'Loretta Provenzano lives half a mile downstream. During Hurricane Florence in 2018, water came within a ' +
      'foot of her back door.\n\n"The water doesn\'t read the chart," she told commissioners.';
    expect(speakersOf(source)).toEqual(['Loretta Provenzano']);
  });
});

describe('the one spoken to', () => {
  it('is never the speaker the ranker chooses ("she told Baltimore Brew")', () => {
    const source =
      'Commissioner Paul Spanos said the commission will rule by late summer. Bernice Sealey, 74, came by bus.' +
      '\n\nSealey stayed until the last speaker had finished.\n\n"I came to see if they\'d look at us. A couple of ' +
      'them did," she told Baltimore Brew.';
    expect(speakersOf(source)).toEqual(['Bernice Sealey']);
  });
});

describe('a person described, then where from', () => {
  it.each([
    ['"I found out from a flyer," said one woman from Carrick, who did not give her name.', 'one woman'],
    ['"I found out from a flyer," said a resident of Carrick.', 'a resident'],
    [
      '"It was me," said one business owner on 20th Street West, who asked not to be named.',
      'one business owner',
    ],
    // a title speaks for the body after it
    [
      '"We are reviewing it," said a spokeswoman for the Department of Health.',
      'a spokeswoman for the Department of Health',
    ],
  ])('%s → %s', (source, speaker) => {
    expect(speakersOf(`Water rates\n\n${source}`)).toEqual([speaker]);
  });
});

describe('a description in apposition that ends on a place or a body', () => {
  it.each([
    ['"It is a study," the play\'s organiser in Uganda, Sarah Mukasa, told the BBC.', 'Sarah Mukasa'],
    ['"It is a study," said the NDP\'s critic for SaskPower, Leah Voisey.', 'Leah Voisey'],
  ])('%s → %s', (source, speaker) => {
    expect(speakersOf(source)).toEqual([speaker]);
  });
});

describe('a title after a description in apposition', () => {
  it('opens the name of the one who speaks next ("His pastor, the Rev. Samuel Roe, also spoke")', () => {
    const source =
      'His lawyer asked for probation.\n\nHis pastor, the Rev. Samuel Thurgood, also spoke on his behalf.\n\n' +
      '"I have known Curtis for 20 years. He fixes our church van for free every winter."';
    expect(findQuotes(source)).toMatchObject([{ speaker: 'Samuel Thurgood' }]);
  });
});

describe('questions put in a reported sentence', () => {
  const gollner =
    'Secretary-treasurer Mark Gollner says the portables will cost about $1.2 million. During question period, ';
  it.each([
    [
      'a question put by "asking" ("opened question period by asking … Patricia Hargreaves when …")',
      'MLA Annie Kassi opened question period by asking Health Minister Patricia Hargreaves when the allowance ' +
        'was last raised.\n\n"The program was reviewed in 2023," she said.',
      ['Patricia Hargreaves'],
    ],
    [
      'the one asked answers though her first name is of either sex and she has no role ("Grace Uchida")',
      'Coun. Paula Tomassi asked Grace Uchida how many people use the branches.\n\n"Last year it was 1.3 ' +
        'million visits," she said.',
      ['Grace Uchida'],
    ],
    [
      'a role written as a compound before a name is the role ("Secretary-treasurer Mark Gollner")',
      `${gollner}Erik Larsen asked him whether a new school was on the list.\n\n"It's our top capital request," he said.` +
        `\n\n"So my son finishes Grade 7 in a portable."\n\n"I can't promise you otherwise tonight."`,
      ['Mark Gollner', 'Erik Larsen', 'Mark Gollner'],
    ],
    [
      '"him" is read before the asker when a description stands between the asker and the verb',
      `${gollner}Erik Larsen, a parent who is no relation to the trustee, asked him whether a new school was on the ` +
        `list.\n\n"It's our top capital request," he said.`,
      ['Mark Gollner'],
    ],
    [
      'a question put with a question word ("asked how much …") is the asker\'s, and so is the retort',
      'Commissioner Jan Beecroft cast the lone vote against.\n\nBeecroft asked how much the bond would add to a ' +
        'typical tax bill.\n\n"About $96 a year for 20 years," said the county\'s finance officer, Ellen Bidwell.' +
        '\n\n"And that\'s if interest rates cooperate."\n\n"That\'s if they stay where they are."',
      ['Ellen Bidwell', 'Jan Beecroft', 'Ellen Bidwell'],
    ],
    [
      'the asker is the subject of the clause after ", and", whose turn the retort is',
      'Integrity commissioner Rebecca Jolin found that Coun. Guy Lehoux broke the code.\n\nLehoux did not ' +
        'vote on the motion. Jolin appeared at the meeting by video, and Coun. Anne Grigg asked her whether the ' +
        'posts had been taken down.\n\n“They were removed two days later,” she said.\n\n“So taking them down ' +
        "didn't undo much.”\n\n“It rarely does.”",
      ['Rebecca Jolin', 'Anne Grigg', 'Rebecca Jolin'],
    ],
  ])('%s', (_, source, speakers) => {
    expect(speakersOf(source)).toEqual(speakers);
  });
});

describe('the names of bodies that speak', () => {
  it.each([
    [
      "The Travis County Sheriff's Office said in a statement that the center “will reduce the number of people booked into the jail.”",
      "Travis County Sheriff's Office",
    ],
    [
      '“We are reviewing every request,” the Department of Health and Human Services said.',
      'Department of Health and Human Services',
    ],
    [
      'The state Department of Elementary and Secondary Education said in a statement that the payments “are fully funded under state law.”',
      'Department of Elementary and Secondary Education',
    ],
    [
      "Ontario's Ministry of Health said in an email that it is “working closely with the hospital on its staffing plan.”",
      "Ontario's Ministry of Health",
    ],
    // a word of a list after a body's "of" is the body's ("Immigration"), no person for a "she"
    [
      'Meera Talwar said the union asked for a mediator. The Ministry of Labour, Immigration, Training and Skills ' +
        'Development confirmed it had the request.\n\n"We will go back if they call," she said.',
      'Meera Talwar',
    ],
    // a first name inside a body's name ("Carolina") starts no person's name in it
    [
      'The North Carolina Office of Recovery said in a statement that payments “will resume next week.”',
      'North Carolina Office of Recovery',
    ],
  ])('%s → %s', (source, speaker) => {
    expect(speakersOf(source)).toEqual([speaker]);
  });

  it("a name after an \"and\" inside a body's name is the body's, not a person's", () => {
    const source =
      'Coun. Ann Roe asked the province for money. In an email, the Ministry of Post-Secondary Education and ' +
      'Future Skills said tuition is set by each board.\n\n“Students are deciding with one year of ' +
      'information,” she said.';
    expect(speakersOf(source)).toEqual(['Ann Roe']);
  });

  it('a body is no described person a later "she" stands for', () => {
    const source =
      'The Ontario Ministry of Health said in an email that the province is “investing in new primary care ' +
      'teams.”\n\nA nurse in the emergency department, who asked not to be named because she is not allowed ' +
      'to speak to reporters, said the department sees the effects every weekend.\n\n“Half the people in our ' +
      'waiting room on a Saturday have no family doctor,” she said.';
    expect(speakersOf(source)).toEqual([
      'The Ontario Ministry of Health',
      'A nurse in the emergency department',
    ]);
  });
});
