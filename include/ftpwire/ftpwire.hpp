// ftpwire — FTP control-connection replies: read, explain, sequence.
// SPDX-License-Identifier: MIT
//
// Umbrella header: includes every public ftpwire header.
#ifndef FTPWIRE_FTPWIRE_HPP
#define FTPWIRE_FTPWIRE_HPP

#include "version.hpp"
#include "reply_code.hpp"
#include "reply_parser.hpp"
#include "command.hpp"
#include "sequence_rules.hpp"
#include "sequencer.hpp"
#include "session.hpp"
#include "payload.hpp"
#include "reply_format.hpp"

#endif  // FTPWIRE_FTPWIRE_HPP
