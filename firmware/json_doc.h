#pragma once
// Owning wrapper around cJSON (the JSON library ESP-IDF ships) and strict readers for untrusted payloads.
#include <cstddef>
#include <string>

struct cJSON;

namespace spk::fw {

// Move-only owner of a cJSON tree.
class JsonDoc
{
public:
    JsonDoc() = default;
    explicit JsonDoc(cJSON *root) : root_(root) {}
    ~JsonDoc();
    JsonDoc(JsonDoc &&other) noexcept;
    JsonDoc &operator=(JsonDoc &&other) noexcept;
    JsonDoc(const JsonDoc &) = delete;
    JsonDoc &operator=(const JsonDoc &) = delete;

    static JsonDoc makeObject();

    cJSON *get() const { return root_; }
    explicit operator bool() const { return root_ != nullptr; }
    // Compact JSON text; empty when there is no tree or printing ran out of memory.
    std::string print() const;

    // Builders for objects (no-ops on a null tree).
    void addString(const char *key, const std::string &value);
    void addNumber(const char *key, double value);
    void addBool(const char *key, bool value);

private:
    cJSON *root_ = nullptr;
};

enum class PayloadError { None, Oversized, NotJson, NotObject };

struct ParsedPayload
{
    JsonDoc doc; // a JSON object when error == None
    PayloadError error = PayloadError::None;
    std::string message; // human text when error != None
};

// Parses a payload that must be one JSON object of at most maxBytes (trailing garbage is an error).
ParsedPayload parseObjectPayload(const std::string &payload, std::size_t maxBytes);

// Field readers. Each returns false and sets *error (naming the field) when the field is missing or bad.
bool hasField(const cJSON *object, const char *key);
bool readInt(const cJSON *object, const char *key, int min, int max, int *out, std::string *error);
bool readBool(const cJSON *object, const char *key, bool *out, std::string *error);
bool readString(const cJSON *object, const char *key, std::size_t maxLen, std::string *out,
                std::string *error);

} // namespace spk::fw
