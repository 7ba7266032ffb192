#include "firmware/json_doc.h"

#include <cjson/cJSON.h>

#include <cmath>
#include <cstdlib>

namespace spk::fw {

JsonDoc::~JsonDoc()
{
    cJSON_Delete(root_);
}

JsonDoc::JsonDoc(JsonDoc &&other) noexcept : root_(other.root_)
{
    other.root_ = nullptr;
}

JsonDoc &JsonDoc::operator=(JsonDoc &&other) noexcept
{
    if (this != &other) {
        cJSON_Delete(root_);
        root_ = other.root_;
        other.root_ = nullptr;
    }
    return *this;
}

JsonDoc JsonDoc::makeObject()
{
    return JsonDoc(cJSON_CreateObject());
}

std::string JsonDoc::print() const
{
    if (!root_)
        return {};
    char *text = cJSON_PrintUnformatted(root_);
    if (!text)
        return {};
    std::string out(text);
    cJSON_free(text);
    return out;
}

void JsonDoc::addString(const char *key, const std::string &value)
{
    if (root_)
        cJSON_AddStringToObject(root_, key, value.c_str());
}

void JsonDoc::addNumber(const char *key, double value)
{
    if (root_)
        cJSON_AddNumberToObject(root_, key, value);
}

void JsonDoc::addBool(const char *key, bool value)
{
    if (root_)
        cJSON_AddBoolToObject(root_, key, value);
}

ParsedPayload parseObjectPayload(const std::string &payload, std::size_t maxBytes)
{
    ParsedPayload out;
    if (payload.size() > maxBytes) {
        out.error = PayloadError::Oversized;
        out.message = "payload of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                      std::to_string(maxBytes);
        return out;
    }
    const char *end = nullptr;
    JsonDoc doc(cJSON_ParseWithLengthOpts(payload.data(), payload.size(), &end, false));
    if (!doc) {
        out.error = PayloadError::NotJson;
        out.message = "payload is not valid JSON";
        return out;
    }
    // cJSON stops after the first value; anything but whitespace after it makes the payload invalid.
    const char *const stop = payload.data() + payload.size();
    for (const char *p = end; p && p < stop; ++p) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            out.error = PayloadError::NotJson;
            out.message = "payload has trailing data after the JSON value";
            return out;
        }
    }
    if (!cJSON_IsObject(doc.get())) {
        out.error = PayloadError::NotObject;
        out.message = "payload is JSON but not an object";
        return out;
    }
    out.doc = std::move(doc);
    return out;
}

bool hasField(const cJSON *object, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(object, key) != nullptr;
}

bool readInt(const cJSON *object, const char *key, int min, int max, int *out, std::string *error)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    const std::string range = " in " + std::to_string(min) + ".." + std::to_string(max);
    if (!item) {
        *error = std::string("'") + key + "' is missing";
        return false;
    }
    if (!cJSON_IsNumber(item) || !std::isfinite(item->valuedouble) ||
        std::floor(item->valuedouble) != item->valuedouble) {
        *error = std::string("'") + key + "' must be an integer" + range;
        return false;
    }
    if (item->valuedouble < min || item->valuedouble > max) {
        *error = std::string("'") + key + "' must be" + range;
        return false;
    }
    *out = static_cast<int>(item->valuedouble);
    return true;
}

bool readBool(const cJSON *object, const char *key, bool *out, std::string *error)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item || !cJSON_IsBool(item)) {
        *error = std::string("'") + key + (item ? "' must be true or false" : "' is missing");
        return false;
    }
    *out = cJSON_IsTrue(item);
    return true;
}

bool readString(const cJSON *object, const char *key, std::size_t maxLen, std::string *out,
                std::string *error)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item || !cJSON_IsString(item) || !item->valuestring) {
        *error = std::string("'") + key + (item ? "' must be a string" : "' is missing");
        return false;
    }
    const std::string value(item->valuestring);
    if (value.empty() || value.size() > maxLen) {
        *error = std::string("'") + key + "' must be 1.." + std::to_string(maxLen) + " characters";
        return false;
    }
    *out = value;
    return true;
}

} // namespace spk::fw
