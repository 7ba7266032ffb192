#pragma once
// Every user-visible string of spkctl goes through spkctl::tr(), translation context "spkctl"
// (lupdate picks the context up from Q_DECLARE_TR_FUNCTIONS).
#include <QCoreApplication>

class spkctl
{
    Q_DECLARE_TR_FUNCTIONS(spkctl)
};
