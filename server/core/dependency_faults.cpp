#include "server/core/dependency_faults.h"

namespace spk::server {

namespace {
thread_local DependencyFaultScope *current = nullptr;
} // namespace

DependencyFaultScope::DependencyFaultScope() : outer_(current)
{
    current = this;
}

DependencyFaultScope::~DependencyFaultScope()
{
    current = outer_;
}

void DependencyFaultScope::noteDatabaseFailure()
{
    if (current)
        current->failed_ = true;
}

bool DependencyFaultScope::currentFailed()
{
    return current && current->failed_;
}

} // namespace spk::server
