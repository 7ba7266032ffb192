// UDP uplink codec (protocol.md §4): wire layout, AEAD, every drop reason, replay window.
#include "shared/media/replay_window.h"
#include "shared/media/session_key.h"
#include "shared/media/udp_packet.h"

#include <QRandomGenerator>
#include <QTest>

#include <sodium.h>

using namespace spk::media;

namespace {

SessionKey keyOf(std::uint8_t fill)
{
    SessionKey key;
    key.fill(fill);
    return key;
}

std::vector<std::uint8_t> payload(std::size_t n)
{
    std::vector<std::uint8_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return out;
}

UdpHeader header(std::uint32_t seq = 7)
{
    UdpHeader h;
    h.flags = kUdpFlagEndOfSpeech;
    h.ssrc = 0xA1B2C3D4;
    h.seq = seq;
    h.timestamp = 140;
    return h;
}

SessionKeyLookup lookupFor(std::uint32_t ssrc, const SessionKey &key)
{
    return [ssrc, key](std::uint32_t asked) -> std::optional<SessionKey> {
        if (asked == ssrc)
            return key;
        return std::nullopt;
    };
}

std::vector<std::uint8_t> sealed(const UdpHeader &h = header(), std::size_t size = 60)
{
    const EncodedPacket p = encodePacket(h, payload(size), keyOf(0x42));
    if (!p.ok())
        qFatal("encode failed: %s", p.error.c_str());
    return p.datagram;
}

} // namespace

class TestUdpPacket : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip()
    {
        const auto datagram = sealed();
        QCOMPARE(datagram.size(), std::size_t(16 + 60 + 16));
        const DecodedPacket d = decodePacket(datagram, lookupFor(0xA1B2C3D4, keyOf(0x42)));
        QVERIFY(d.ok());
        QCOMPARE(d.header.version, std::uint8_t(1));
        QVERIFY(d.header.endOfSpeech());
        QCOMPARE(d.header.payloadLength, std::uint16_t(60));
        QCOMPARE(d.header.ssrc, 0xA1B2C3D4u);
        QCOMPARE(d.header.seq, 7u);
        QCOMPARE(d.header.timestamp, 140u);
        QVERIFY(d.opus == payload(60));
    }

    void wireLayoutIsBigEndian()
    {
        const auto d = sealed();
        const std::vector<std::uint8_t> head(d.begin(), d.begin() + 16);
        const std::vector<std::uint8_t> expected{1, 1, 0, 60, 0xA1, 0xB2, 0xC3, 0xD4,
                                                 0, 0, 0, 7,  0,    0,    0,    140};
        QVERIFY(head == expected);
    }

    // Decrypt with libsodium directly, building nonce and AD as the contract states: catches a codec
    // that is merely self-consistent.
    void matchesContractNonceAndAd()
    {
        const auto d = sealed();
        const std::uint8_t nonce[12] = {0xA1, 0xB2, 0xC3, 0xD4, 0, 0, 0, 7, 0, 0, 0, 0};
        std::vector<std::uint8_t> plain(60);
        unsigned long long len = 0;
        const SessionKey key = keyOf(0x42);
        QCOMPARE(crypto_aead_chacha20poly1305_ietf_decrypt(plain.data(), &len, nullptr, d.data() + 16,
                                                           d.size() - 16, d.data(), 16, nonce, key.data()),
                 0);
        QVERIFY(plain == payload(60));
    }

    void payloadBounds()
    {
        QVERIFY(encodePacket(header(), payload(1), keyOf(1)).ok());
        QVERIFY(encodePacket(header(), payload(1000), keyOf(1)).ok());
        QVERIFY(!encodePacket(header(), payload(0), keyOf(1)).ok());
        const EncodedPacket tooBig = encodePacket(header(), payload(1001), keyOf(1));
        QVERIFY(!tooBig.ok());
        QVERIFY(tooBig.datagram.empty());
        QVERIFY(!tooBig.error.empty());
    }

    void flippedCiphertextFailsAuth()
    {
        auto d = sealed();
        d[16 + 10] ^= 0x01;
        QCOMPARE(decodePacket(d, lookupFor(0xA1B2C3D4, keyOf(0x42))).reason, DropReason::AuthFailed);
    }

    void flippedTagFailsAuth()
    {
        auto d = sealed();
        d.back() ^= 0x80;
        QCOMPARE(decodePacket(d, lookupFor(0xA1B2C3D4, keyOf(0x42))).reason, DropReason::AuthFailed);
    }

    void flippedHeaderFailsAuth_data()
    {
        QTest::addColumn<int>("offset");
        QTest::newRow("flags") << 1;
        QTest::newRow("seq") << 11;
        QTest::newRow("timestamp") << 15;
    }
    void flippedHeaderFailsAuth()
    {
        QFETCH(int, offset);
        auto d = sealed();
        d[std::size_t(offset)] ^= 0x01;
        const DecodedPacket r = decodePacket(d, lookupFor(0xA1B2C3D4, keyOf(0x42)));
        QCOMPARE(r.reason, DropReason::AuthFailed);
        QVERIFY(r.opus.empty());
    }

    void wrongKeyFailsAuth()
    {
        QCOMPARE(decodePacket(sealed(), lookupFor(0xA1B2C3D4, keyOf(0x43))).reason, DropReason::AuthFailed);
    }

    void badVersion()
    {
        UdpHeader h = header();
        h.version = 2; // authentic, but not a version we speak
        QCOMPARE(decodePacket(sealed(h), lookupFor(0xA1B2C3D4, keyOf(0x42))).reason, DropReason::BadVersion);
        auto d = sealed();
        d[0] = 0;
        QCOMPARE(decodePacket(d, lookupFor(0xA1B2C3D4, keyOf(0x42))).reason, DropReason::BadVersion);
    }

    void lengthMismatch()
    {
        const auto lookup = lookupFor(0xA1B2C3D4, keyOf(0x42));
        auto shorter = sealed();
        shorter.pop_back();
        QCOMPARE(decodePacket(shorter, lookup).reason, DropReason::LengthMismatch);
        auto longer = sealed();
        longer.push_back(0);
        QCOMPARE(decodePacket(longer, lookup).reason, DropReason::LengthMismatch);
        QCOMPARE(decodePacket(std::vector<std::uint8_t>{}, lookup).reason, DropReason::LengthMismatch);
        QCOMPARE(decodePacket(std::vector<std::uint8_t>{1, 0, 0}, lookup).reason, DropReason::LengthMismatch);
        // Length field 0 with a datagram that would match it.
        std::vector<std::uint8_t> zero(32, 0);
        zero[0] = 1;
        QCOMPARE(decodePacket(zero, lookup).reason, DropReason::LengthMismatch);
        // Length field 1001 with a datagram that would match it.
        std::vector<std::uint8_t> big(16 + 1001 + 16, 0);
        big[0] = 1;
        big[2] = 1001 >> 8;
        big[3] = 1001 & 0xff;
        QCOMPARE(decodePacket(big, lookup).reason, DropReason::LengthMismatch);
    }

    void unknownSsrc()
    {
        QCOMPARE(decodePacket(sealed(), lookupFor(0x1234, keyOf(0x42))).reason, DropReason::UnknownSsrc);
        QCOMPARE(decodePacket(sealed(), SessionKeyLookup{}).reason, DropReason::UnknownSsrc);
    }

    void garbageNeverAccepted()
    {
        QRandomGenerator rng(1234);
        const auto lookup = lookupFor(0xA1B2C3D4, keyOf(0x42));
        for (int i = 0; i < 5000; ++i) {
            std::vector<std::uint8_t> d(rng.bounded(0, 1100));
            for (auto &b : d)
                b = static_cast<std::uint8_t>(rng.bounded(256));
            if (d.size() > 8 && i % 2 == 0) { // make many reach the crypto step
                d[0] = 1;
                d[4] = 0xA1, d[5] = 0xB2, d[6] = 0xC3, d[7] = 0xD4;
                if (d.size() > 32 && d.size() <= 1032) {
                    d[2] = std::uint8_t((d.size() - 32) >> 8);
                    d[3] = std::uint8_t(d.size() - 32);
                }
            }
            QVERIFY(!decodePacket(d, lookup).ok());
        }
    }

    void reasonNames()
    {
        QCOMPARE(dropReasonName(DropReason::BadVersion), "bad_version");
        QCOMPARE(dropReasonName(DropReason::LengthMismatch), "length_mismatch");
        QCOMPARE(dropReasonName(DropReason::UnknownSsrc), "unknown_ssrc");
        QCOMPARE(dropReasonName(DropReason::AuthFailed), "auth_failed");
        QCOMPARE(dropReasonName(DropReason::Duplicate), "duplicate");
        QCOMPARE(dropReasonName(DropReason::TooOld), "too_old");
        QCOMPARE(dropReasonName(DropReason::None), "none");
    }

    void sessionKeyBase64()
    {
        const SessionKey key = randomSessionKey();
        QVERIFY(key != randomSessionKey());
        const std::string text = sessionKeyToBase64(key);
        QCOMPARE(text.size(), std::size_t(44));
        QVERIFY(sessionKeyFromBase64(text) == key);
        QVERIFY(!sessionKeyFromBase64("not base64!").has_value());
        QVERIFY(!sessionKeyFromBase64("AAAA").has_value()); // 3 bytes
        QVERIFY(!sessionKeyFromBase64(text + "AAAA").has_value());
        QVERIFY(!sessionKeyFromBase64("").has_value());
    }

    void replayAcceptsNewAndReordered()
    {
        ReplayWindow w;
        for (std::uint32_t s = 0; s < 10; ++s)
            QCOMPARE(w.accept(s), DropReason::None);
        QCOMPARE(w.accept(12), DropReason::None);
        QCOMPARE(w.accept(11), DropReason::None); // reordered within the window
        QCOMPARE(w.accept(10), DropReason::None);
        QCOMPARE(w.highest(), 12u);
    }

    void replayRejectsDuplicate()
    {
        ReplayWindow w;
        QCOMPARE(w.accept(0), DropReason::None);
        QCOMPARE(w.accept(0), DropReason::Duplicate);
        QCOMPARE(w.accept(5), DropReason::None);
        QCOMPARE(w.check(5), DropReason::Duplicate);
        QCOMPARE(w.accept(3), DropReason::None);
        QCOMPARE(w.accept(3), DropReason::Duplicate);
    }

    void replayRejectsTooOld()
    {
        ReplayWindow w(64);
        QCOMPARE(w.accept(100), DropReason::None);
        QCOMPARE(w.accept(100 - 63), DropReason::None); // last slot of the window
        QCOMPARE(w.accept(100 - 64), DropReason::TooOld);
        QCOMPARE(w.accept(1000), DropReason::None); // a jump slides the whole window
        QCOMPARE(w.accept(999), DropReason::None);
        QCOMPARE(w.accept(100), DropReason::TooOld);
        ReplayWindow big;
        QCOMPARE(big.size(), 128u);
        QCOMPARE(big.accept(200), DropReason::None);
        QCOMPARE(big.accept(73), DropReason::None);
        QCOMPARE(big.accept(72), DropReason::TooOld);
        QCOMPARE(ReplayWindow(0).size(), 1u);
        QCOMPARE(ReplayWindow(500).size(), 128u);
    }

    void replayShiftKeepsHistory()
    {
        ReplayWindow w;
        QCOMPARE(w.accept(1), DropReason::None);
        QCOMPARE(w.accept(70), DropReason::None); // shift by 69 (crosses a 64-bit word)
        QCOMPARE(w.accept(1), DropReason::Duplicate);
        QCOMPARE(w.accept(2), DropReason::None);
    }
};

QTEST_GUILESS_MAIN(TestUdpPacket)
#include "tst_udp_packet.moc"
