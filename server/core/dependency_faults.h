#pragma once
// Which requests saw a dependency (the database) fail. A store that cannot reach its database returns
// "nothing found"; without this, a request would answer 200 [] or 404 or 401 while PostgreSQL is down.
// The HTTP front opens a scope around each handler; the storage layer notes every failed statement in
// the scope of the current thread, and the answer turns into 503 database_unavailable.
namespace spk::server {

class DependencyFaultScope
{
public:
    DependencyFaultScope();
    ~DependencyFaultScope();
    DependencyFaultScope(const DependencyFaultScope &) = delete;
    DependencyFaultScope &operator=(const DependencyFaultScope &) = delete;

    bool failed() const { return failed_; }

    // Called where a database statement fails; a no-op outside any scope (background work).
    static void noteDatabaseFailure();
    // Whether the innermost scope of this thread has seen a failure.
    static bool currentFailed();

private:
    DependencyFaultScope *outer_;
    bool failed_ = false;
};

} // namespace spk::server
