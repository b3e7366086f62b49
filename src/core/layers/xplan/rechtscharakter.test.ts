import { describe, expect, it } from 'vitest';
import { rechtscharakterText } from './rechtscharakter.ts';

describe('rechtscharakterText', () => {
  it('names the code by the list of its version and plan kind', () => {
    // before 6: 1000 is a Festsetzung in a Bebauungsplan, a Darstellung in a Flächennutzungsplan
    expect(rechtscharakterText('1000', 'BP_BaugebietsTeilFlaeche', '5.4')).toBe('1000 (Festsetzung)');
    expect(rechtscharakterText('1000', 'FP_BebauungsFlaeche', '5.4')).toBe('1000 (Darstellung)');
    expect(rechtscharakterText('2000', 'FP_Wasserwirtschaft', '4.1')).toBe('2000 (Nachrichtliche Übernahme)');
    expect(rechtscharakterText('1800', 'SO_Schutzgebiet', '5.4')).toBe('1800 (Inhalt des Landschaftsplans)');
    expect(rechtscharakterText('9998', 'BP_UeberbaubareGrundstuecksFlaeche', '5.1')).toBe('9998 (Unbekannt)');
    // 6: one list for every plan kind, in which 3000 is a Darstellung and 6000 a Hinweis
    expect(rechtscharakterText('3000', 'FP_BebauungsFlaeche', '6.0')).toBe(
      '3000 (Darstellung im Flächennutzungsplan)',
    );
    expect(rechtscharakterText('3000', 'BP_BaugebietsTeilFlaeche', '5.4')).toBe('3000 (Hinweis)');
    expect(rechtscharakterText('7000', 'BP_UeberbaubareGrundstuecksFlaeche', '6.0')).toBe(
      '7000 (Kennzeichnung)',
    );
    expect(rechtscharakterText('4000', 'RP_Freiraum', '6.1')).toBe('4000 (Ziel der Raumordnung)');
  });

  it('keeps the code where the list is not known or the code not in it', () => {
    expect(rechtscharakterText('1000', 'RP_Freiraum', '5.4')).toBe('1000');
    expect(rechtscharakterText('1500', 'BP_BaugebietsTeilFlaeche', '5.4')).toBe('1500');
    expect(rechtscharakterText('1000', 'BP_BaugebietsTeilFlaeche', 'unknown')).toBe('1000');
    expect(rechtscharakterText('toString', 'BP_BaugebietsTeilFlaeche', '5.4')).toBe('toString');
  });
});
