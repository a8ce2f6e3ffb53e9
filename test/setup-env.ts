// Tests never touch the development database: each test file opens its own copy (see test/db.ts).
process.env.NODE_ENV = "test";
process.env.APP_ORIGIN ??= "http://localhost:3000";
process.env.DATABASE_PATH = "test/.tmp/unused-by-tests.db";
