// Node tests that call Worker modules directly (a destination's `send`) need the
// name `Env`; the Worker's generated declaration (worker-configuration.d.ts) is
// for workerd's types and cannot be mixed with Node's. Tests pass plain objects.
interface Env {}
