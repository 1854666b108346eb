// bcryptjs: bcrypt in pure JavaScript (CommonJS), CPU-bound.
const bcrypt = require('bcryptjs')

const salt = bcrypt.genSaltSync(4)

/** Hashes a password with `rounds` (log2) rounds of bcryptjs; returns the hash's length. */
function hash(rounds) {
  return bcrypt.hashSync('correct horse battery staple', salt.replace('$04$', `$${String(rounds).padStart(2, '0')}$`)).length
}

module.exports = { hash }
