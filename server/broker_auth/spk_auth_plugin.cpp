// spk's Mosquitto 2 auth plugin (plugin API v5): the broker authenticates every client and checks
// every publish, subscription and delivery against spkd's device registry (protocol.md §7).
//
//   plugin /usr/lib/spk/spk_mosquitto_auth.so
//   plugin_opt_credentials_file /var/lib/spk/mosquitto/credentials   (written by spkd)
//   plugin_opt_poll_ms 250                                           (optional)
//
// The file is re-read when it changes: at once when spkd announces a rewrite (a PUBLISH on
// spk::wire::kCredentialsChangedTopic), else checked at most every poll_ms as clients connect and
// publish, and on SIGHUP. A device that was deleted or given a new secret is disconnected at once.
// Decisions: BrokerAuthorizer.
#include "server/broker_auth/broker_authorizer.h"
#include "shared/wire/topics.h"

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using spk::server::mqttauth::BrokerAuthorizer;
using spk::wire::MqttAccess;

namespace {

struct FileStamp
{
    bool exists = false;
    long long mtimeNs = 0;
    long long size = 0;
    unsigned long long inode = 0;
    bool operator==(const FileStamp &o) const
    {
        return exists == o.exists && mtimeNs == o.mtimeNs && size == o.size && inode == o.inode;
    }
};

struct Plugin
{
    mosquitto_plugin_id_t *id = nullptr;
    std::string path;
    long pollMs = 250;
    long long nextPollNs = 0;
    FileStamp stamp;
    BrokerAuthorizer authorizer;
    // Logins to cut, found while a client was being authenticated: Mosquitto 2.0.11 (with persistence)
    // crashes when a client is kicked inside its own MOSQ_EVT_BASIC_AUTH, so they wait for the next event.
    std::vector<std::string> pendingKicks;
};

void kickPending(Plugin &p)
{
    if (p.pendingKicks.empty())
        return;
    const std::vector<std::string> names = std::move(p.pendingKicks);
    p.pendingKicks.clear();
    for (const std::string &name : names)
        mosquitto_kick_client_by_username(name.c_str(), false);
}

FileStamp stampOf(const std::string &path)
{
    struct stat st
    {
    };
    FileStamp s;
    if (::stat(path.c_str(), &st) != 0)
        return s;
    s.exists = true;
    s.mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    s.size = static_cast<long long>(st.st_size);
    s.inode = static_cast<unsigned long long>(st.st_ino);
    return s;
}

// Re-reads the file when it changed (or always, on force); cuts revoked logins (later, when deferKicks).
void refresh(Plugin &p, bool force, bool deferKicks = false)
{
    const FileStamp now = stampOf(p.path);
    if (!force && now == p.stamp)
        return;
    p.stamp = now;
    std::ifstream in(p.path, std::ios::binary);
    if (!in) {
        mosquitto_log_printf(MOSQ_LOG_WARNING, "spk auth: cannot read %s: no client can log in",
                             p.path.c_str());
        p.authorizer.load({});
        return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto r = p.authorizer.load(text.str());
    p.pendingKicks.insert(p.pendingKicks.end(), r.revoked.begin(), r.revoked.end());
    if (!deferKicks)
        kickPending(p);
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "spk auth: %zu devices, %zu service accounts, %zu cut off%s",
                         r.devices, r.services, r.revoked.size(),
                         r.malformedLines ? " (malformed lines skipped)" : "");
}

long long monotonicNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// At most one stat() per poll interval, however busy the broker is.
void maybeRefresh(Plugin &p)
{
    const long long now = monotonicNs();
    if (now < p.nextPollNs)
        return;
    p.nextPollNs = now + static_cast<long long>(p.pollMs) * 1000000LL;
    refresh(p, false);
}

int onBasicAuth(int, void *event, void *userdata)
{
    auto &p = *static_cast<Plugin *>(userdata);
    auto *e = static_cast<mosquitto_evt_basic_auth *>(event);
    refresh(p, false, true); // a device added a moment ago may log in before the announcement arrives
    const char *clientId = mosquitto_client_id(e->client);
    if (!p.authorizer.authenticate(e->username, e->password, clientId))
        return MOSQ_ERR_AUTH;
    // A device that just logged in with its new secret is not cut: its old connection, under the same
    // client id, is taken over by this one anyway.
    if (e->username && clientId && std::string_view(e->username) == clientId)
        p.pendingKicks.erase(
            std::remove(p.pendingKicks.begin(), p.pendingKicks.end(), std::string(e->username)),
            p.pendingKicks.end());
    return MOSQ_ERR_SUCCESS;
}

int onAclCheck(int, void *event, void *userdata)
{
    auto &p = *static_cast<Plugin *>(userdata);
    kickPending(p);
    maybeRefresh(p);
    auto *e = static_cast<mosquitto_evt_acl_check *>(event);
    MqttAccess access;
    switch (e->access) {
    case MOSQ_ACL_WRITE:
        access = MqttAccess::Publish;
        break;
    case MOSQ_ACL_SUBSCRIBE:
        access = MqttAccess::Subscribe;
        break;
    case MOSQ_ACL_READ:
        access = MqttAccess::Receive;
        break;
    case MOSQ_ACL_UNSUBSCRIBE:
        return MOSQ_ERR_SUCCESS;
    default:
        return MOSQ_ERR_ACL_DENIED;
    }
    const char *username = mosquitto_client_username(e->client);
    return p.authorizer.authorize(username, access, e->topic ? e->topic : "") ? MOSQ_ERR_SUCCESS
                                                                              : MOSQ_ERR_ACL_DENIED;
}

int onTick(int, void *, void *userdata)
{
    kickPending(*static_cast<Plugin *>(userdata));
    maybeRefresh(*static_cast<Plugin *>(userdata));
    return MOSQ_ERR_SUCCESS;
}

// spkd's announcement that it rewrote the file (the ACL lets only a service account publish it).
int onMessage(int, void *event, void *userdata)
{
    kickPending(*static_cast<Plugin *>(userdata));
    const auto *e = static_cast<mosquitto_evt_message *>(event);
    if (e->topic && !std::strcmp(e->topic, spk::wire::kCredentialsChangedTopic))
        refresh(*static_cast<Plugin *>(userdata), false);
    return MOSQ_ERR_SUCCESS;
}

int onReload(int, void *, void *userdata)
{
    refresh(*static_cast<Plugin *>(userdata), true);
    return MOSQ_ERR_SUCCESS;
}

} // namespace

extern "C" {

int mosquitto_plugin_version(int supportedVersionCount, const int *supportedVersions)
{
    for (int i = 0; i < supportedVersionCount; ++i)
        if (supportedVersions[i] == 5)
            return 5;
    return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options,
                          int optionCount)
{
    if (sodium_init() < 0) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "spk auth: libsodium failed to initialise");
        return MOSQ_ERR_UNKNOWN;
    }
    auto *p = new Plugin;
    p->id = identifier;
    for (int i = 0; i < optionCount; ++i) {
        if (!std::strcmp(options[i].key, "credentials_file"))
            p->path = options[i].value;
        else if (!std::strcmp(options[i].key, "poll_ms"))
            p->pollMs = std::strtol(options[i].value, nullptr, 10);
    }
    if (p->path.empty() || p->pollMs < 10 || p->pollMs > 60000) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "spk auth: plugin_opt_credentials_file is required; "
                                           "plugin_opt_poll_ms must be 10–60000");
        delete p;
        return MOSQ_ERR_INVAL;
    }
    refresh(*p, true);
    *userdata = p;
    if (mosquitto_callback_register(identifier, MOSQ_EVT_BASIC_AUTH, onBasicAuth, nullptr, p) ||
        mosquitto_callback_register(identifier, MOSQ_EVT_ACL_CHECK, onAclCheck, nullptr, p) ||
        mosquitto_callback_register(identifier, MOSQ_EVT_TICK, onTick, nullptr, p) ||
        mosquitto_callback_register(identifier, MOSQ_EVT_MESSAGE, onMessage, nullptr, p) ||
        mosquitto_callback_register(identifier, MOSQ_EVT_RELOAD, onReload, nullptr, p))
        return MOSQ_ERR_UNKNOWN;
    return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *, int)
{
    auto *p = static_cast<Plugin *>(userdata);
    if (p) {
        mosquitto_callback_unregister(p->id, MOSQ_EVT_BASIC_AUTH, onBasicAuth, nullptr);
        mosquitto_callback_unregister(p->id, MOSQ_EVT_ACL_CHECK, onAclCheck, nullptr);
        mosquitto_callback_unregister(p->id, MOSQ_EVT_TICK, onTick, nullptr);
        mosquitto_callback_unregister(p->id, MOSQ_EVT_MESSAGE, onMessage, nullptr);
        mosquitto_callback_unregister(p->id, MOSQ_EVT_RELOAD, onReload, nullptr);
        delete p;
    }
    return MOSQ_ERR_SUCCESS;
}

} // extern "C"
