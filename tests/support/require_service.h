#pragma once
// Tests that need an outside service (PostgreSQL, Redis, Mosquitto, a program such as redis-server)
// skip when it is not there — on a developer's machine. Under CI=true a missing service is a broken
// environment, not a reason to pass: the same check fails the test with what is missing.
//
//   SPK_REQUIRE_SERVICE("PostgreSQL", "SPK_TEST_PG_URL");   // the variable must be set
//   SPK_REQUIRE_AVAILABLE("redis-server", !path.isEmpty(), "apt-get install redis-server");
//
// Header-only, so unit tests use it without linking the integration harness.
#include <QByteArray>
#include <QString>
#include <QTest>

namespace spk::test {

// CI=true (any case, or 1): missing services fail instead of skipping.
inline bool servicesRequired()
{
    const QByteArray ci = qgetenv("CI").trimmed().toLower();
    return ci == "true" || ci == "1";
}

// Empty when the service is there; else why the test cannot run (with the hint to fix it).
inline QString missingService(const char *name, bool available, const char *hint)
{
    if (available)
        return {};
    QString why = QStringLiteral("%1 is not available (%2)").arg(QLatin1String(name), QLatin1String(hint));
    if (servicesRequired())
        why += QStringLiteral(" and CI=true: a CI run must have every service, so this is a failure");
    else
        why += QStringLiteral("; skipped (set CI=true to make this a failure)");
    return why;
}

inline QString missingServiceVariable(const char *name, const char *envVar)
{
    const QString hint =
        QStringLiteral(
            "%1 is not set; scripts/services.sh start DIR && source DIR/env sets it, scripts/test.sh "
            "does both")
            .arg(QLatin1String(envVar));
    return missingService(name, !qEnvironmentVariableIsEmpty(envVar), hint.toUtf8().constData());
}

} // namespace spk::test

// QSKIP (or, under CI=true, QFAIL) the current test function/row with `missingText` unless it is empty.
#define SPK_FAIL_OR_SKIP_IF_MISSING(missingText)                                                             \
    do {                                                                                                     \
        const QString spkMissing_ = (missingText);                                                           \
        if (!spkMissing_.isEmpty()) {                                                                        \
            if (spk::test::servicesRequired())                                                               \
                QFAIL(qPrintable(spkMissing_));                                                              \
            QSKIP(qPrintable(spkMissing_));                                                                  \
        }                                                                                                    \
    } while (false)

// Fails or skips when `available` is false.
#define SPK_REQUIRE_AVAILABLE(name, available, hint)                                                         \
    SPK_FAIL_OR_SKIP_IF_MISSING(spk::test::missingService(name, available, hint))

// Fails or skips without the service named by an environment variable (SPK_TEST_PG_URL, SPK_TEST_REDIS_URL,
// …).
#define SPK_REQUIRE_SERVICE(name, envVar)                                                                    \
    SPK_FAIL_OR_SKIP_IF_MISSING(spk::test::missingServiceVariable(name, envVar))
