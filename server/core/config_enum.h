#pragma once
// Config keys whose value is one of a few names (role, backends, formats) map to an enum. Each enum lists
// its names once, in ConfigEnum<E>::kNames; the key table takes its allowed values from there and the
// modules parse the config string once and compare enums from then on.
#include <QString>
#include <QStringList>

#include <optional>

namespace spk::server {

template <typename E> struct ConfigEnumName
{
    E value;
    const char *name;
};

// Specialised next to each enum: static constexpr ConfigEnumName<E> kNames[] = {{E::A, "a"}, …}.
template <typename E> struct ConfigEnum;

template <typename E> std::optional<E> parseConfigEnum(const QString &text)
{
    for (const ConfigEnumName<E> &n : ConfigEnum<E>::kNames)
        if (text == QLatin1String(n.name))
            return n.value;
    return std::nullopt;
}

template <typename E> QString configEnumName(E value)
{
    for (const ConfigEnumName<E> &n : ConfigEnum<E>::kNames)
        if (n.value == value)
            return QString::fromLatin1(n.name);
    return {};
}

// Every name, in the order the docs list them.
template <typename E> QStringList configEnumNames()
{
    QStringList names;
    for (const ConfigEnumName<E> &n : ConfigEnum<E>::kNames)
        names << QString::fromLatin1(n.name);
    return names;
}

} // namespace spk::server
