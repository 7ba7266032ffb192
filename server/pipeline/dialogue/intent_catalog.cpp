#include "server/pipeline/dialogue/intent_catalog.h"

#include <QFile>

#include <yaml-cpp/yaml.h>

namespace spk::server::pipeline {

namespace {

QString str(const YAML::Node &node)
{
    return QString::fromStdString(node.as<std::string>());
}

bool readStringMap(const YAML::Node &node, QHash<QString, QString> *out, const QString &where, QString *error)
{
    if (!node)
        return true;
    if (!node.IsMap()) {
        *error = QStringLiteral("%1 must be a mapping").arg(where);
        return false;
    }
    for (const auto &kv : node) {
        if (!kv.second.IsScalar()) {
            *error = QStringLiteral("%1.%2 must be a string").arg(where, str(kv.first));
            return false;
        }
        out->insert(str(kv.first), str(kv.second));
    }
    return true;
}

bool readSlots(const YAML::Node &node, QHash<QString, SlotDefinition> *out, QString *error)
{
    if (!node)
        return true;
    if (!node.IsMap()) {
        *error = QStringLiteral("slots must be a mapping");
        return false;
    }
    for (const auto &kv : node) {
        SlotDefinition def;
        def.name = str(kv.first);
        const YAML::Node spec = kv.second;
        if (!spec.IsMap() || !spec["min"] || !spec["max"]) {
            *error = QStringLiteral("slot %1 needs min and max").arg(def.name);
            return false;
        }
        def.min = spec["min"].as<int>();
        def.max = spec["max"].as<int>();
        if (def.min > def.max || def.min < 0 || def.max > 100) {
            *error = QStringLiteral("slot %1: range must be within 0..100 and min <= max").arg(def.name);
            return false;
        }
        out->insert(def.name, def);
    }
    return true;
}

} // namespace

const IntentDefinition *IntentCatalog::intent(const QString &name) const
{
    for (const IntentDefinition &d : intents_)
        if (d.name == name)
            return &d;
    return nullptr;
}

std::shared_ptr<const IntentCatalog> IntentCatalog::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return nullptr;
    }
    return fromYaml(file.readAll(), path, error);
}

std::shared_ptr<const IntentCatalog> IntentCatalog::fromYaml(const QByteArray &yaml,
                                                             const QString &sourceName, QString *error)
{
    auto fail = [&](const QString &why) {
        *error = QStringLiteral("%1: %2").arg(sourceName, why);
        return nullptr;
    };
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!root.IsMap())
            return fail(QStringLiteral("top level must be a mapping"));
        auto catalog = std::make_shared<IntentCatalog>();
        if (!root["language"] || !root["language"].IsScalar())
            return fail(QStringLiteral("'language' is required"));
        catalog->language_ = str(root["language"]);
        QHash<QString, QString> rules;
        QString why;
        if (!readStringMap(root["expansion_rules"], &rules, QStringLiteral("expansion_rules"), &why) ||
            !readSlots(root["slots"], &catalog->slots_, &why) ||
            !readStringMap(root["responses"], &catalog->responses_, QStringLiteral("responses"), &why))
            return fail(why);
        const YAML::Node intents = root["intents"];
        if (!intents || !intents.IsMap() || intents.size() == 0)
            return fail(QStringLiteral("'intents' must be a non-empty mapping"));
        for (const auto &kv : intents) {
            IntentDefinition def;
            def.name = str(kv.first);
            const YAML::Node sentences = kv.second["sentences"];
            if (!sentences || !sentences.IsSequence() || sentences.size() == 0)
                return fail(QStringLiteral("intent %1 needs a list of sentences").arg(def.name));
            for (const auto &s : sentences) {
                auto t = SentenceTemplate::parse(str(s), catalog->slots_, rules, &why);
                if (!t)
                    return fail(QStringLiteral("intent %1: %2").arg(def.name, why));
                def.sentences.push_back(std::move(t));
            }
            if (!readStringMap(kv.second["responses"], &def.responses,
                               QStringLiteral("intents.%1.responses").arg(def.name), &why))
                return fail(why);
            catalog->intents_.push_back(std::move(def));
        }
        return catalog;
    } catch (const YAML::Exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

} // namespace spk::server::pipeline
