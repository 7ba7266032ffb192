#pragma once
// Every user-visible string of spkctl goes through spkctl::tr(), translation context "spkctl"
// (lupdate picks the context up from Q_DECLARE_TR_FUNCTIONS).
#include <QCoreApplication>

// NOLINTNEXTLINE(readability-identifier-naming): the class name is the translation context "spkctl"
class spkctl
{
    Q_DECLARE_TR_FUNCTIONS(spkctl)
};
