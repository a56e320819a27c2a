import { Faker, vi, base } from '@faker-js/faker';

/**
 * The one random source of a generated world, shared by every domain's generator in a fixed order, so
 * that the same seed gives the same rows. Vietnamese names and places come from faker's \`vi\` locale.
 */
export function createWorldRandom(seed: number) {
  const faker = new Faker({ locale: [vi, base] });
  faker.seed(seed);
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (p: number) => faker.number.float() < p;
  const pick = <T>(items: ArrayLike<T>): T => items[int(0, items.length - 1)] as T;
  const chooser = <T>(items: Array<[T, number]>): (() => T) => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    return () => {
      let r = faker.number.float() * total;
      for (const [value, weight] of items) {
        r -= weight;
        if (r < 0) return value;
      }
      return (items[items.length - 1] as [T, number])[0];
    };
  };
  return { faker, int, chance, pick, chooser };
}

export type WorldRandom = ReturnType<typeof createWorldRandom>;
