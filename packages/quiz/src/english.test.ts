import { describe, expect, it } from 'vitest'
import {
  countOf,
  dateInWords,
  formatNumber,
  kindNoun,
  listInWords,
  onDate,
  possessive,
  sentence,
  whichOf,
  withArticle,
} from './english.js'

describe('English rendering', () => {
  it('writes dates in words at their own precision', () => {
    expect(dateInWords('2020-09-13')).toBe('13 September 2020')
    expect(dateInWords('2020-08-06')).toBe('6 August 2020')
    expect(dateInWords('2020-09')).toBe('September 2020')
    expect(dateInWords('2020')).toBe('2020')
    expect(dateInWords('unknown')).toBe('an unknown date')
    expect(onDate('2020-09-13')).toBe('on 13 September 2020')
    expect(onDate('2020-09')).toBe('in September 2020')
  })

  it('counts in the singular and the plural', () => {
    expect(countOf(1, 'day')).toBe('1 day')
    expect(countOf(45, 'day')).toBe('45 days')
    expect(countOf(2, 'person', 'people')).toBe('2 people')
    expect(formatNumber(1_500_000)).toBe('1,500,000')
    expect(formatNumber(12.5)).toBe('12.5')
    expect(formatNumber(2.345)).toBe('2.35')
    expect(formatNumber(999)).toBe('999')
    expect(formatNumber(-1234.5)).toBe('-1,234.5')
  })

  it('chooses the article by sound', () => {
    expect(withArticle('company')).toBe('a company')
    expect(withArticle('outlet')).toBe('an outlet')
    expect(withArticle('executive order')).toBe('an executive order')
    expect(withArticle('US buyer')).toBe('a US buyer')
    expect(withArticle('FBI agent')).toBe('an FBI agent')
    expect(withArticle('university')).toBe('a university')
    expect(withArticle('hour')).toBe('an hour')
  })

  it('joins lists the way prose does', () => {
    expect(listInWords([])).toBe('')
    expect(listInWords(['Twitter'])).toBe('Twitter')
    expect(listInWords(['Twitter', 'Netflix'])).toBe('Twitter and Netflix')
    expect(listInWords(['Twitter', 'Netflix', 'Walmart'])).toBe('Twitter, Netflix and Walmart')
    expect(listInWords(['Oracle', 'Walmart'], 'or')).toBe('Oracle or Walmart')
  })

  it('names entity kinds and asks about them', () => {
    expect(kindNoun('company')).toBe('company')
    expect(kindNoun('company', 2)).toBe('companies')
    expect(kindNoun('person', 3)).toBe('people')
    expect(kindNoun('publication')).toBe('outlet')
    expect(whichOf('person')).toBe('Who')
    expect(whichOf('company')).toBe('Which company')
  })

  it('writes possessives and sentences', () => {
    expect(possessive('Microsoft')).toBe("Microsoft's")
    expect(possessive('Reuters')).toBe("Reuters'")
    expect(sentence('oracle was chosen')).toBe('Oracle was chosen.')
    expect(sentence('Was it?')).toBe('Was it?')
    expect(sentence('he said: “no”')).toBe('He said: “no”.')
    expect(sentence('he said: “no!”')).toBe('He said: “no!”')
  })
})
