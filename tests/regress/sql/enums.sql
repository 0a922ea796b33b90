-- enum types (not built yet: CREATE TYPE answers 0A000; see pending.txt)
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE person (id int PRIMARY KEY, name text, current_mood mood);
INSERT INTO person VALUES (1, 'moe', 'happy'), (2, 'larry', 'sad'), (3, 'curly', 'ok'), (4, 'shemp', NULL);
SELECT * FROM person ORDER BY current_mood, id;
SELECT name FROM person WHERE current_mood > 'sad' ORDER BY name;
SELECT name FROM person WHERE current_mood = 'ok';
INSERT INTO person VALUES (5, 'joe', 'angry');
SELECT 'happy'::mood, 'x'::mood;
SELECT 'happy'::mood < 'sad'::mood, 'ok'::mood::text;
SELECT max(current_mood), min(current_mood) FROM person;
ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
ALTER TYPE mood ADD VALUE 'ok';
SELECT enum_range(NULL::mood), enum_first(NULL::mood), enum_last(NULL::mood);
SELECT t.typname, t.typtype, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' ORDER BY e.enumsortorder;
\dT
\d person
DROP TYPE mood;
DROP TABLE person;
DROP TYPE mood;
DROP TYPE mood;
DROP TYPE IF EXISTS mood;
CREATE TYPE comp AS (a int, b text);
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
